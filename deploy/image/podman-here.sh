# Sourced: podman_here runs podman as this machine kind allows (shared/notes/containers.md):
# runc (crun refuses the host's hybrid cgroup layout), cgroupfs (no systemd as PID 1), and a
# containers.conf without default ulimits (raising RLIMIT_NOFILE needs CAP_SYS_RESOURCE, which the
# machine itself lacks).
podman_conf=${TCPMAP_CONTAINERS_CONF:-/var/cache/tcpmap-image/containers.conf}
if [ ! -f "$podman_conf" ]; then
  mkdir -p "$(dirname "$podman_conf")"
  printf '[containers]\ndefault_ulimits = []\n' >"$podman_conf"
fi
podman_here() {
  CONTAINERS_CONF=$podman_conf podman --runtime runc --cgroup-manager cgroupfs "$@"
}
