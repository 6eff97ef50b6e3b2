#!/usr/bin/env bash
# Compiles the socket tracer's BPF object; run by the Maven build (exec-maven-plugin).
#   compile-bpf.sh SOURCE OUTPUT
# Installs nothing: when a tool is missing it names the Debian packages and fails.
# CO-RE relocations live in BTF, so the object is built with -g and only DWARF is stripped.
set -euo pipefail
src=$1 out=$2
clang=${CLANG:-clang} strip=${LLVM_STRIP:-llvm-strip}
include=${BPF_INCLUDE:-/usr/include}

missing=()
command -v "$clang" >/dev/null 2>&1 || missing+=("$clang")
command -v "$strip" >/dev/null 2>&1 || missing+=("$strip")
[ -f "$include/bpf/bpf_helpers.h" ] || missing+=("$include/bpf/bpf_helpers.h")
if [ ${#missing[@]} -gt 0 ]; then
  echo "tcpmap-ebpf: cannot compile the BPF programs: missing ${missing[*]}." >&2
  echo "  install the Debian packages: apt-get install clang llvm libbpf-dev bpftool" >&2
  echo "  (./run-tests and ./tcpmap do this themselves when run as root)" >&2
  exit 1
fi

mkdir -p "$(dirname "$out")"
"$clang" -O2 -g -Wall -Werror -target bpf -D__TARGET_ARCH_x86 -I"$include" \
  -c "$src" -o "$out.tmp"
"$strip" -g "$out.tmp"
mv -f "$out.tmp" "$out"
