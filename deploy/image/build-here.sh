#!/usr/bin/env bash
# Builds tcpmap's image on a machine without an image registry (as this project's CI): both base
# images are made from Debian's packages with debootstrap and imported into podman, the build
# stage takes the JDK 25 of this machine and Maven runs offline on this machine's Maven repository.
# Tags the result localhost/tcpmap:dev (TCPMAP_IMAGE). Root only; needs podman, runc, debootstrap.
#
#   TCPMAP_IMAGE        the tag (default localhost/tcpmap:dev)
#   TCPMAP_M2           the Maven repository to build from (default ~/.m2/repository); it must hold
#                       everything the build needs (any earlier ./mvnw build of this tree filled it)
#   TCPMAP_IMAGE_CACHE  where the debootstrapped trees are made (default /var/cache/tcpmap-image)
#
# The base images are kept in podman's store and made again only when missing (or, for the build
# base, when the JDK changes): about two minutes the first time, nothing afterwards.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
. "$root/deploy/image/podman-here.sh"
. "$root/scripts/jdk.sh"
tcpmap_find_jdk || exit 2

tag=${TCPMAP_IMAGE:-localhost/tcpmap:dev}
m2=${TCPMAP_M2:-$HOME/.m2/repository}
cache=${TCPMAP_IMAGE_CACHE:-/var/cache/tcpmap-image}
suite=bookworm
[ -d "$m2" ] || { echo "build-here: no Maven repository at $m2 (set TCPMAP_M2)" >&2; exit 2; }

# The Debian mirror this machine's apt already uses (a deb822 or a one-line source).
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p; s/^deb \(\[[^]]*\] \)\{0,1\}\(http[^ ]*\) .*/\2/p' \
  /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -v security | head -n1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

# base IMAGE PACKAGES [EXTRA [WHAT]]: debootstraps a minimal tree with PACKAGES, lets EXTRA (a
# function) add to it, and imports it as IMAGE; the image's label says what it was made from
# (WHAT names what EXTRA adds), so that a change makes it again.
base() {
  local image=$1 packages=$2 extra=${3:-} key
  key="$suite $packages ${4:-}"
  if podman_here image exists "$image" &&
    [ "$(podman_here image inspect -f '{{index .Labels "dev.tcpmap.base"}}' "$image")" = "$key" ]; then
    return 0
  fi
  echo "build-here: making $image (debootstrap $suite: $packages)" >&2
  local tree="$cache/${image##*/}"
  tree=${tree//:/-}
  rm -rf "$tree"
  mkdir -p "$tree"
  debootstrap --variant=minbase --include="$packages" "$suite" "$tree" "$mirror" \
    >"$cache/debootstrap.log" 2>&1 || {
    tail -n 20 "$cache/debootstrap.log" >&2
    exit 1
  }
  rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/*
  [ -z "$extra" ] || "$extra" "$tree"
  tar -C "$tree" -c . | podman_here import --change "LABEL dev.tcpmap.base=\"$key\"" \
    "${IMPORT_CHANGES[@]}" - "$image" >/dev/null
  rm -rf "$tree"
}

jdk_version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JAVA_HOME/release")
# Where Temurin's images have it, so that the Dockerfile finds it the same way in either base.
add_jdk() { mkdir -p "$1/opt/java" && cp -a "$JAVA_HOME/." "$1/opt/java/openjdk"; }

mkdir -p "$cache"
IMPORT_CHANGES=()
base localhost/tcpmap-base:$suite "libbpf1,ca-certificates"
IMPORT_CHANGES=(--change "ENV JAVA_HOME=/opt/java/openjdk"
  --change "ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
base localhost/tcpmap-build-base:$suite "maven,clang,llvm,libbpf-dev,ca-certificates" \
  add_jdk "jdk $jdk_version"

revision=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
version=$(sed -n '0,/<version>/s/.*<version>\(.*\)<\/version>.*/\1/p' "$root/pom.xml")
echo "build-here: building $tag (Maven offline on $m2)" >&2
# No intermediate images are kept (--layers=false: the Maven step runs again whenever a source
# changes anyway), and the image this replaces is removed: repeated builds on one machine (CI)
# do not fill its disk.
old=$(podman_here image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)
podman_here build --layers=false --network none --volume "$m2:/root/.m2/repository" \
  --build-arg BUILD_IMAGE=localhost/tcpmap-build-base:$suite \
  --build-arg RUNTIME_IMAGE=localhost/tcpmap-base:$suite \
  --build-arg MAVEN_ARGS=-o \
  --build-arg VERSION="$version" --build-arg REVISION="$revision" \
  -t "$tag" -f "$root/Dockerfile" "$root"
new=$(podman_here image inspect -f '{{.Id}}' "$tag")
if [ -n "$old" ] && [ "$old" != "$new" ]; then
  podman_here rmi "$old" >/dev/null 2>&1 || true
fi
