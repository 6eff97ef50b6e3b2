# syntax=docker/dockerfile:1
# The tcpmap agent's image: built from this source tree in a build stage (JDK 25, Maven, clang for
# the BPF programs), run from a jlinked Java 25 runtime on a slim Debian with libbpf1.
#
#   docker build -t tcpmap .                       # public bases, Maven Central (any OCI builder)
#   deploy/image/build-here.sh                     # no registry: local bases, the host's Maven repo
#
# Both base images are build arguments, so that one Dockerfile serves both (docs/install.md).
ARG BUILD_IMAGE=docker.io/library/maven:3.9-eclipse-temurin-25
ARG RUNTIME_IMAGE=docker.io/library/debian:bookworm-slim

FROM ${BUILD_IMAGE} AS build
# Extra Maven arguments: build-here.sh passes -o with the host's repository mounted, where only a
# partial Maven Central is reachable.
ARG MAVEN_ARGS=""
# clang and llvm-strip compile the BPF programs against the libbpf headers; a base that has them
# (build-here.sh's) skips the package manager.
RUN if ! command -v clang >/dev/null || ! command -v llvm-strip >/dev/null \
      || [ ! -f /usr/include/bpf/bpf_helpers.h ]; then \
      apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
           clang llvm libbpf-dev >/dev/null \
      && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /src
COPY . .
RUN ./mvnw -B -q ${MAVEN_ARGS} -DskipTests -Dspotless.check.skip=true -pl tcpmap-server -am package \
    && mkdir -p /opt/tcpmap/lib \
    && cp tcpmap-server/target/tcpmap.jar /opt/tcpmap/tcpmap.jar
# The SQLite driver's native library, taken out of the jar now: at run time it is loaded from the
# image (org.sqlite.lib.path) instead of being written to a temporary directory, so the root
# filesystem can be read-only and /tmp need not allow exec.
RUN arch=$(uname -m); case "$arch" in x86_64) dir=x86_64;; aarch64) dir=aarch64;; *) dir=$arch;; esac; \
    cd /opt/tcpmap/lib && "$JAVA_HOME/bin/jar" xf /opt/tcpmap/tcpmap.jar "org/sqlite/native/Linux/$dir/libsqlitejdbc.so" \
    && mv "org/sqlite/native/Linux/$dir/libsqlitejdbc.so" . && rm -rf org
# Only the modules tcpmap uses (jdeps on the jar, plus what it loads by reflection or services).
RUN "$JAVA_HOME/bin/jlink" --output /opt/tcpmap/java --strip-debug --no-header-files --no-man-pages \
      --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.management,jdk.unsupported
COPY deploy/image/tcpmap.sh /usr/local/bin/tcpmap
RUN chmod 0755 /usr/local/bin/tcpmap

FROM ${RUNTIME_IMAGE}
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="tcpmap" \
      org.opencontainers.image.description="Who talks to whom over TCP in a Kubernetes cluster: connections, bytes, durations, outcomes and TLS, as a node graph; answers k8spacket's Grafana API." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.documentation="docs/install.md"
# libbpf1 is the only native library the agent needs beside glibc; a base that has it skips apt.
RUN if ! ldconfig -p | grep -q 'libbpf.so.1 '; then \
      apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libbpf1 >/dev/null \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
    && echo 'tcpmap:x:65532:65532:tcpmap:/var/lib/tcpmap:/usr/sbin/nologin' >> /etc/passwd \
    && echo 'tcpmap:x:65532:' >> /etc/group \
    && mkdir -p /var/lib/tcpmap && chown 65532:65532 /var/lib/tcpmap
# The runtime, the jar and the SQLite library, where the launcher (deploy/image/tcpmap.sh) looks.
COPY --from=build /opt/tcpmap /opt/tcpmap
COPY --from=build /usr/local/bin/tcpmap /usr/local/bin/tcpmap
# An AOT cache (JDK 25) trained on the bundled demo capture, here in the final image: it names the
# runtime and the jar by path and modification time, which a copy between stages may not keep.
# The agent and analyze start warm; a failure costs only the speed-up.
COPY --from=build /src/tcpmap-server/src/main/resources/dev/tcpmap/server/demo/demo.pcap /tmp/demo.pcap
RUN (TCPMAP_JAVA_OPTS=-XX:AOTCacheOutput=/opt/tcpmap/tcpmap.aot tcpmap analyze --json /tmp/demo.pcap \
       >/dev/null 2>&1 || rm -f /opt/tcpmap/tcpmap.aot*) \
    && rm -f /tmp/demo.pcap
# The history goes to a volume; the API listens on every address, as in a pod (k8spacket does).
ENV TCPMAP_STORE_DATA_DIR=/var/lib/tcpmap \
    TCPMAP_API_BIND=0.0.0.0
VOLUME ["/var/lib/tcpmap"]
EXPOSE 6676
# Not root: the agent needs capabilities, not uid 0 (see docs/install.md for runtimes that do not
# pass added capabilities to a non-root process).
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/tcpmap"]
CMD ["agent"]
