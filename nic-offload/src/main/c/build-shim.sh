#!/bin/sh
# Builds libvstackdpdk.so (see vstack_dpdk.c and the module README) into the directory given as $1.
# Called by Maven in generate-resources. Without gcc or libdpdk-dev the build goes on without the
# shim: DPDK use then fails at run time with "DPDK not available: install dpdk libdpdk-dev".
set -u
src_dir=$(dirname "$0")
out_dir=${1:?usage: build-shim.sh OUTPUT_DIR}
if ! command -v gcc >/dev/null 2>&1; then
  echo "[vstack] skipping libvstackdpdk.so: gcc not found (apt-get install gcc)"
  exit 0
fi
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libdpdk; then
  echo "[vstack] skipping libvstackdpdk.so: libdpdk not found by pkg-config (apt-get install dpdk libdpdk-dev)"
  exit 0
fi
mkdir -p "$out_dir" || exit 1
# shellcheck disable=SC2046 # word splitting of pkg-config output is intended
gcc -O2 -fPIC -shared -o "$out_dir/libvstackdpdk.so" "$src_dir/vstack_dpdk.c" \
  $(pkg-config --cflags --libs libdpdk) || {
  echo "[vstack] libvstackdpdk.so failed to compile against libdpdk $(pkg-config --modversion libdpdk)" >&2
  exit 1
}
echo "[vstack] built $out_dir/libvstackdpdk.so against libdpdk $(pkg-config --modversion libdpdk)"
