#!/usr/bin/env bash
# Top-speed trace replay: `vstack replay --topspeed` against `tcpreplay --topspeed` (and with
# its -K preload) on the same veth pair and the same trace, alternately, ROUNDS times; prints each
# run and the median ratios. Bounded (timeout per run) and cleans up (trap) even when interrupted.
#
#   sudo tools/bench/replay-vs-tcpreplay.sh            # 200k frames of 64 B, 1 pass, 5 rounds
#   COUNT=200000 SIZE=64 LOOPS=10 ROUNDS=5 sudo tools/bench/replay-vs-tcpreplay.sh
#
# Rates are each tool's own: packets over the time from its first to its last packet (tcpreplay's
# "Rated: ... pps", vstack's summary "pps"), so neither includes start-up (JVM, file loading).
# The far end of the veth, in a namespace, is the witness: every run must deliver every frame.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
COUNT=${COUNT:-200000}
SIZE=${SIZE:-64}
LOOPS=${LOOPS:-1}
ROUNDS=${ROUNDS:-5}
TIMEOUT=${TIMEOUT:-120}

for tool in ip tcpreplay python3 timeout; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install iproute2 tcpreplay python3 coreutils)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "needs root (veth, AF_PACKET)" >&2; exit 1; }

suffix=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
ns="vsr-bench-$suffix"
a="vsrb${suffix}a"
b="vsrb${suffix}b"
work=$(mktemp -d /tmp/vsr-bench.XXXXXX)
cleanup() {
  ip link delete "$a" 2>/dev/null || true
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

trace="$work/trace.pcap"
python3 "$root/tools/bench/make-trace.py" "$trace" "$COUNT" "$SIZE" 10
ip netns add "$ns"
ip link add "$a" type veth peer name "$b"
ip link set "$b" netns "$ns"
sysctl -q -w "net.ipv6.conf.$a.disable_ipv6=1"
ip link set "$a" up
ip netns exec "$ns" sysctl -q -w "net.ipv6.conf.$b.disable_ipv6=1"
ip netns exec "$ns" ip link set "$b" up

"$root/bin/vstack" --version >/dev/null # builds the jar if needed, outside the measurement

expected=$((COUNT * LOOPS))
peer_rx() { ip netns exec "$ns" cat "/sys/class/net/$b/statistics/rx_packets"; }

run_vstack() {
  local out
  out=$(timeout "$TIMEOUT" "$root/bin/vstack" replay "$trace" --port "packet:$a" --topspeed \
    --loop "$LOOPS" --json)
  sed -E 's/.*"pps":([0-9.]+).*/\1/' <<<"$out"
}
run_tcpreplay() {
  local out
  out=$(timeout "$TIMEOUT" tcpreplay -q -i "$a" --topspeed --loop "$LOOPS" "$@" "$trace" 2>&1)
  sed -nE 's/.*Rated: .* ([0-9.]+) pps.*/\1/p' <<<"$out"
}
measure() { # name command...
  local before after pps
  before=$(peer_rx)
  pps=$("${@:2}")
  after=$(peer_rx)
  if [ $((after - before)) -lt "$expected" ]; then
    echo "$1 delivered $((after - before)) of $expected frames" >&2
    exit 1
  fi
  echo "$pps"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

echo "trace: $COUNT frames of $SIZE B x $LOOPS pass(es) on veth $a -> $b (netns $ns); $ROUNDS rounds"
printf '%-6s %14s %14s %14s\n' round vstack tcpreplay "tcpreplay -K"
: >"$work/v"; : >"$work/t"; : >"$work/k"; : >"$work/rv"; : >"$work/rk"
for round in $(seq 1 "$ROUNDS"); do
  v=$(measure vstack run_vstack)
  t=$(measure tcpreplay run_tcpreplay)
  k=$(measure "tcpreplay -K" run_tcpreplay -K)
  printf '%-6s %14.0f %14.0f %14.0f\n' "$round" "$v" "$t" "$k"
  echo "$v" >>"$work/v"; echo "$t" >>"$work/t"; echo "$k" >>"$work/k"
  awk -v v="$v" -v t="$t" 'BEGIN {print v / t}' >>"$work/rv"
  awk -v v="$v" -v k="$k" 'BEGIN {print v / k}' >>"$work/rk"
done
printf '%-6s %14.0f %14.0f %14.0f\n' median "$(median <"$work/v")" "$(median <"$work/t")" "$(median <"$work/k")"
echo "median ratio vstack/tcpreplay:    $(median <"$work/rv")"
echo "median ratio vstack/tcpreplay -K: $(median <"$work/rk")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
