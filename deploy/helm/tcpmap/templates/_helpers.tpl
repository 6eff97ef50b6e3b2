{{- define "tcpmap.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tcpmap.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "tcpmap.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "tcpmap.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* The labels that select this release's agent pods: the peer selector is made of them. */}}
{{- define "tcpmap.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tcpmap.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The same labels as a label selector string (cluster.peer-label-selector). */}}
{{- define "tcpmap.peerSelector" -}}
app.kubernetes.io/name={{ include "tcpmap.name" . }},app.kubernetes.io/instance={{ .Release.Name }}
{{- end }}

{{- define "tcpmap.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "tcpmap.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: agent
{{- end }}

{{- define "tcpmap.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tcpmap.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* k8spacket's values, or {} */}}
{{- define "tcpmap.k8spacket" -}}
{{- toYaml (default dict .Values.k8sPacket) }}
{{- end }}

{{/* The API port: k8spacket's k8sPacket.tcp.listener.port when given, else api.port. */}}
{{- define "tcpmap.port" -}}
{{- $k := fromYaml (include "tcpmap.k8spacket" .) }}
{{- $port := .Values.api.port }}
{{- with $k.tcp }}{{ with .listener }}{{ with .port }}{{ $port = . }}{{ end }}{{ end }}{{ end }}
{{- $port | int }}
{{- end }}

{{- define "tcpmap.tracefsPath" -}}
{{- $k := fromYaml (include "tcpmap.k8spacket" .) }}
{{- $path := .Values.tracefs.path }}
{{- with $k.volumes }}{{ with .tracingPath }}{{ $path = . }}{{ end }}{{ end }}
{{- $path }}
{{- end }}

{{- define "tcpmap.tlsEnabled" -}}
{{- if .Values.api.tls.existingSecret }}true{{ end }}
{{- end }}

{{- define "tcpmap.tokenSecret" -}}
{{- if .Values.api.token.existingSecret }}
{{- .Values.api.token.existingSecret }}
{{- else if .Values.api.token.value }}
{{- printf "%s-token" (include "tcpmap.fullname" .) }}
{{- end }}
{{- end }}

{{/*
tcpmap's settings as a map of key -> value: the chart's own, then the named values, then
`settings` (which wins). Only keys with a value; rendered as TCPMAP_<KEY>.
*/}}
{{- define "tcpmap.settings" -}}
{{- $s := dict }}
{{- $_ := set $s "api.port" (include "tcpmap.port" .) }}
{{- $_ = set $s "api.bind" .Values.api.bind }}
{{- $_ = set $s "cluster.peer-label-selector" (include "tcpmap.peerSelector" .) }}
{{- $_ = set $s "cluster.peer-namespace" .Release.Namespace }}
{{- $_ = set $s "tracer.cgroup-root" "/host/sys/fs/cgroup" }}
{{- if eq .Values.persistence.type "none" }}
{{- $_ = set $s "store.data-dir" "none" }}
{{- else }}
{{- $_ = set $s "store.data-dir" "/var/lib/tcpmap" }}
{{- end }}
{{- if not .Values.kubernetes.enabled }}{{ $_ = set $s "kubernetes.disabled" "true" }}{{ end }}
{{- if not .Values.capture.enabled }}{{ $_ = set $s "capture.interfaces" "none" }}{{ end }}
{{- $named := dict
  "tcp.persistent-duration" .Values.tcp.persistentDuration
  "agent.max-connections" .Values.agent.maxConnections
  "agent.max-handshakes" .Values.agent.maxHandshakes
  "tracer.max-sockets" .Values.tracer.maxSockets
  "tracer.ring-buffer" .Values.tracer.ringBuffer
  "tracer.iterate-every" .Values.tracer.iterateEvery
  "target.namespaces" (join "," .Values.target.namespaces)
  "target.pod-selector" .Values.target.podSelector
  "capture.rescan-every" .Values.capture.rescanEvery
  "store.retention" .Values.history.retention
  "tls.probe-certificates" .Values.tls.probeCertificates
  "tls.certificate-cache-ttl" .Values.tls.certificateCacheTtl
  "names.reverse-dns" .Values.names.reverseDns
  "names.geoip-database" .Values.names.geoipDatabase
  "names.whois-regexp" .Values.names.whoisRegexp
  "log.level" .Values.log.level
  "log.format" .Values.log.format
  "api.default-window" .Values.api.defaultWindow
  "api.cors-origins" .Values.api.corsOrigins
  "api.allowed-hosts" .Values.api.allowedHosts }}
{{- if .Values.capture.enabled }}{{ $_ = set $named "capture.interfaces" .Values.capture.interfaces }}{{ end }}
{{- range $key, $value := $named }}
{{- if ne (toString $value) "" }}{{ $_ = set $s $key (toString $value) }}{{ end }}
{{- end }}
{{- if include "tcpmap.tokenSecret" . }}
{{- $_ = set $s "api.token-file" "/etc/tcpmap/token/token" }}
{{- end }}
{{- if include "tcpmap.tlsEnabled" . }}
{{- $_ = set $s "api.tls-cert-file" "/etc/tcpmap/tls/tls.crt" }}
{{- $_ = set $s "api.tls-key-file" "/etc/tcpmap/tls/tls.key" }}
{{- if .Values.api.tls.requireClientCertificates }}
{{- $_ = set $s "api.tls-ca-file" "/etc/tcpmap/tls/ca.crt" }}
{{- end }}
{{- end }}
{{- range $key, $value := .Values.settings }}
{{- $_ = set $s $key (toString $value) }}
{{- end }}
{{- toYaml $s }}
{{- end }}

{{/*
k8spacket's values that tcpmap reads under k8spacket's own variable names (its aliases), so the
agent says at start-up which ones it used; k8spacket's metric switches go through as they are.
*/}}
{{- define "tcpmap.k8spacketEnv" -}}
{{- $k := fromYaml (include "tcpmap.k8spacket" .) }}
{{- $e := dict }}
{{- with $k.tcp }}
{{- with .connection }}{{ if hasKey . "persistentDuration" }}{{ $_ := set $e "K8S_PACKET_TCP_PERSISTENT_DURATION" (toString .persistentDuration) }}{{ end }}{{ end }}
{{- with .listener }}{{ with .interfaces }}{{ if hasKey . "refreshPeriod" }}{{ $_ := set $e "K8S_PACKET_TCP_LISTENER_INTERFACES_REFRESH_PERIOD" (toString .refreshPeriod) }}{{ end }}{{ end }}{{ end }}
{{- with .metrics }}
{{- if hasKey . "enabled" }}{{ $_ := set $e "K8S_PACKET_TCP_METRICS_ENABLED" (toString .enabled) }}{{ end }}
{{- if hasKey . "hideSourcePort" }}{{ $_ := set $e "K8S_PACKET_TCP_METRICS_HIDE_SRC_PORT" (toString .hideSourcePort) }}{{ end }}
{{- end }}
{{- end }}
{{- with $k.tls }}
{{- with .certificate }}{{ with .cache }}{{ if hasKey . "ttl" }}{{ $_ := set $e "K8S_PACKET_TLS_CERTIFICATE_CACHE_TTL" (toString .ttl) }}{{ end }}{{ end }}{{ end }}
{{- with .metrics }}{{ if hasKey . "enabled" }}{{ $_ := set $e "K8S_PACKET_TLS_METRICS_ENABLED" (toString .enabled) }}{{ end }}{{ end }}
{{- end }}
{{- with $k.reverseLookup }}
{{- with .geoipDBPath }}{{ $_ := set $e "K8S_PACKET_REVERSE_GEOIP2_DB_PATH" (toString .) }}{{ end }}
{{- with .whoisRegexp }}{{ $_ := set $e "K8S_PACKET_REVERSE_WHOIS_REGEXP" (toString .) }}{{ end }}
{{- end }}
{{- toYaml $e }}
{{- end }}

{{/* The capabilities added to the container, each from a documented value. */}}
{{- define "tcpmap.capabilities" -}}
{{- $caps := list }}
{{- range $name := list "BPF" "PERFMON" "DAC_READ_SEARCH" "NET_RAW" "SYS_RESOURCE" }}
{{- if index $.Values.capabilities $name }}
{{- if or (ne $name "NET_RAW") $.Values.capture.enabled }}
{{- $caps = append $caps $name }}
{{- end }}
{{- end }}
{{- end }}
{{- if .Values.socketIterator.allNetworkNamespaces }}
{{- $caps = concat $caps (list "SYS_ADMIN" "SYS_PTRACE") }}
{{- end }}
{{- toYaml $caps }}
{{- end }}

{{/* The query Deployment's pods: a name of their own, never an agent's (peers, Service). */}}
{{- define "tcpmap.querySelectorLabels" -}}
app.kubernetes.io/name: {{ include "tcpmap.name" . }}-query
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "tcpmap.queryLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "tcpmap.querySelectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: query
{{- end }}
