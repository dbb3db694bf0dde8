#!/usr/bin/env bash
# Top-speed trace replay: `vstack replay --topspeed` against `tcpreplay --topspeed` (and with
# its -K preload) on the same veth pair and the same trace, alternately, ROUNDS times, together
# with two yardsticks that show what the kernel allows: tools/bench/afpacket-send.c replaying the
# same trace from C with sendmmsg (PacketPort's method) and with a PACKET_TX_RING, and vstack
# with the JVM's default tiered JIT instead of the launcher's C1 for replay. Prints each run and
# the median rates, CPU seconds (user + system, whole process) and ratios. Bounded (timeout per
# run) and cleans up (trap) even when interrupted.
#
#   sudo tools/bench/replay-vs-tcpreplay.sh            # 200k frames of 64 B, 1 pass, 5 rounds
#   COUNT=200000 SIZE=64 LOOPS=10 ROUNDS=5 sudo tools/bench/replay-vs-tcpreplay.sh
#
# Rates are each tool's own: packets over the time from its first to its last packet (tcpreplay's
# "Rated: ... pps", vstack's and afpacket-send's "pps"), so none includes start-up (JVM, file
# loading); the CPU seconds do. The far end of the veth, in a namespace, is the witness: every run
# must deliver every frame.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
COUNT=${COUNT:-200000}
SIZE=${SIZE:-64}
LOOPS=${LOOPS:-1}
ROUNDS=${ROUNDS:-5}
TIMEOUT=${TIMEOUT:-120}

for tool in ip tcpreplay python3 timeout gcc; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install iproute2 tcpreplay python3 coreutils gcc)" >&2; exit 1; }
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
gcc -O2 -o "$work/afpacket-send" "$root/tools/bench/afpacket-send.c"

expected=$((COUNT * LOOPS))
peer_rx() { ip netns exec "$ns" cat "/sys/class/net/$b/statistics/rx_packets"; }

pps_of() { sed -nE 's/.*"pps":([0-9.]+).*/\1/p'; }
run_vstack() {
  timeout "$TIMEOUT" "$root/bin/vstack" replay "$trace" --port "packet:$a" --topspeed \
    --loop "$LOOPS" --json | pps_of
}
run_vstack_c2() { VSTACK_JAVA_OPTS="-XX:TieredStopAtLevel=4 ${VSTACK_JAVA_OPTS:-}" run_vstack; }
run_tcpreplay() {
  timeout "$TIMEOUT" tcpreplay -q -i "$a" --topspeed --loop "$LOOPS" "$@" "$trace" 2>&1 |
    sed -nE 's/.*Rated: .* ([0-9.]+) pps.*/\1/p'
}
run_c() { timeout "$TIMEOUT" "$work/afpacket-send" "$a" "$trace" "$LOOPS" "$1" | pps_of; }

tools=(vstack "vstack C2" tcpreplay "tcpreplay -K" "C sendmmsg" "C tx-ring")
commands=(run_vstack run_vstack_c2 run_tcpreplay "run_tcpreplay -K" "run_c sendmmsg" "run_c ring")
measure() { # index: runs tools[index], checks the witness, appends pps and CPU seconds to files
  local before after cpu pps TIMEFORMAT=%3U+%3S
  before=$(peer_rx)
  { time ${commands[$1]} >"$work/out"; } 2>"$work/time"
  after=$(peer_rx)
  pps=$(cat "$work/out")
  cpu=$(tail -1 "$work/time" | awk -F+ '{print $1 + $2}')
  if [ $((after - before)) -lt "$expected" ] || [ -z "$pps" ]; then
    echo "${tools[$1]} delivered $((after - before)) of $expected frames" >&2
    exit 1
  fi
  echo "$pps" >>"$work/pps$1"
  echo "$cpu" >>"$work/cpu$1"
  printf ' %13.0f' "$pps"
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { paste "$work/pps$1" "$work/pps$2" | awk '{print $1 / $2}' | median; }

echo "trace: $COUNT frames of $SIZE B x $LOOPS pass(es) on veth $a -> $b (netns $ns); $ROUNDS rounds"
echo "rates in frames per second, first to last frame:"
printf '%-6s' round; printf ' %13s' "${tools[@]}"; echo
for round in $(seq 1 "$ROUNDS"); do
  printf '%-6s' "$round"
  for i in "${!tools[@]}"; do measure "$i"; done
  echo
done
printf '%-6s' median; for i in "${!tools[@]}"; do printf ' %13.0f' "$(median <"$work/pps$i")"; done; echo
printf '%-6s' cpu-s; for i in "${!tools[@]}"; do printf ' %13.2f' "$(median <"$work/cpu$i")"; done
echo "   (median CPU seconds of the whole process, user + system)"
echo "median ratios, pair by pair (same round):"
echo "  vstack / tcpreplay:          $(ratio 0 2)"
echo "  vstack / tcpreplay -K:       $(ratio 0 3)"
echo "  vstack / vstack C2:          $(ratio 0 1)"
echo "  vstack / C sendmmsg:         $(ratio 0 4)   (1 = the pace of the same system calls from C)"
echo "  C sendmmsg / tcpreplay -K:   $(ratio 4 3)   (what dropping all user-space work buys)"
echo "  C tx-ring / C sendmmsg:      $(ratio 5 4)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
