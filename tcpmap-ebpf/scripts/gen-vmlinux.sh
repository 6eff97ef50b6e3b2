#!/usr/bin/env bash
# Regenerates src/main/c/vmlinux.h (kernel type definitions for CO-RE) from the running kernel's
# BTF. The header is committed so that building needs no BTF; CO-RE relocates field offsets to
# whatever kernel the object is loaded on. Needs bpftool (Debian package bpftool).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
btf=${1:-/sys/kernel/btf/vmlinux}
command -v bpftool >/dev/null 2>&1 || {
  echo "gen-vmlinux: bpftool is missing: apt-get install bpftool" >&2
  exit 1
}
bpftool btf dump file "$btf" format c >"$here/../src/main/c/vmlinux.h.tmp"
mv -f "$here/../src/main/c/vmlinux.h.tmp" "$here/../src/main/c/vmlinux.h"
