#!/bin/bash
# Which part of perf-agent's profiling costs the sample service its requests/s (docs/benchmarks.md,
# "Continuous profiling", "Which part costs").
# usage: [VARIANTS="none full noalloc"] [ROUNDS=3] [WARM=60] [DUR=30] benchmarks/scripts/profiling-variants.sh
# Per variant and round (variants in an order rotated each round): starts inference-service.jar serve (16 threads)
# with the variant's options, runs its bench (8 clients, WARM s warm-up, DUR s measured) and, inside the
# measured period, reads the service's and the load generator's CPU time (/proc/PID/stat) and the service's
# context switches; prints requests/s, CPU µs per request on each side and context switches per request.
# Variants: none (no agent); full (benchmarks/profiling-overhead.yaml: profiling at its defaults); and that
# config with one part off through its system property: jfrcpu (JFR samples CPU, not async-profiler), noalloc,
# nolocks, noevents (both), timing (profiling off, the timing rule only); longwin (windows of 10 minutes: no
# window ends within the run); fullstatus (full, and GET /status twice as ProfilingOverhead does: once at the end of
# the warm-up, once after the run). Files go to $OUT (default /tmp/profiling-variants).
set -uo pipefail
cd "$(dirname "$0")/../.."
J=${APP:-sample-apps/inference-service/target/inference-service.jar}
A="-javaagent:${AGENT:-agent/target/perf-agent.jar}=config=benchmarks/profiling-overhead.yaml"
OUT=${OUT:-/tmp/profiling-variants}; mkdir -p "$OUT"
declare -A V
V[none]=""
V[full]="$A"
V[jfrcpu]="$A -Dperfagent.profiling.cpu=jfr"
V[noalloc]="$A -Dperfagent.profiling.alloc=false"
V[nolocks]="$A -Dperfagent.profiling.locks=false"
V[noevents]="$A -Dperfagent.profiling.alloc=false -Dperfagent.profiling.locks=false"
V[timing]="$A -Dperfagent.profiling.enabled=false"
V[longwin]="$A -Dperfagent.profiling.window=10m"
V[fullstatus]="$A"
ORDER=(${VARIANTS:-none full noalloc})
WARM=${WARM:-60}; DUR=${DUR:-30}; ROUNDS=${ROUNDS:-3}
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
ctx() { cat /proc/$1/task/*/status 2>/dev/null | awk '/ctxt_switches/{s+=$2} END{print s}'; }
echo "# $(date -u +%FT%TZ), nproc $(nproc), $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$ROUNDS"); do
  n=${#ORDER[@]}; rot=$(( (r-1) % n ))
  for k in $(seq 0 $((n-1))); do
    v=${ORDER[$(( (k+rot) % n ))]}
    port=$((20000 + RANDOM % 20000))
    java ${V[$v]} -jar "$J" serve --port $port --threads 16 > "$OUT/$v.out" 2> "$OUT/$v.err" &
    pid=$!
    for i in $(seq 1 300); do curl -s -o /dev/null 127.0.0.1:$port/health && break; sleep 0.2; done
    java -jar "$J" bench --clients 8 --warmup "${WARM}s" --duration "${DUR}s" \
        --target http://127.0.0.1:$port/score > "$OUT/bench.json" 2>/dev/null &
    bpid=$!
    sleep "$WARM"
    status=""
    if [ "$v" = fullstatus ]; then   # the agent has long said where its HTTP exports are
      status=$(grep -o 'http://127.0.0.1:[0-9]*/metrics' "$OUT/$v.err" | head -1 | sed 's|/metrics|/status|')
    fi
    [ -n "$status" ] && curl -s -o /dev/null "$status"
    sleep 2   # the generator's JVM starts in well under 2 s: this is inside its measured period
    t0=$(date +%s.%N); c0=$(cpu $pid); x0=$(ctx $pid); b0=$(cpu $bpid)
    sleep $((DUR - 4))
    t1=$(date +%s.%N); c1=$(cpu $pid); x1=$(ctx $pid); b1=$(cpu $bpid)
    wait $bpid
    [ -n "$status" ] && curl -s -o /dev/null "$status"
    kill $pid; wait $pid 2>/dev/null
    python3 - "$v" "$r" "$t0" "$t1" "$c0" "$c1" "$x0" "$x1" "$b0" "$b1" "$OUT/bench.json" <<'PY'
import sys, json
v, r = sys.argv[1], sys.argv[2]
t0, t1 = float(sys.argv[3]), float(sys.argv[4])
c0, c1, x0, x1, b0, b1 = map(int, sys.argv[5:11])
d = json.loads([l for l in open(sys.argv[11]) if l.startswith('{')][-1])
rps, s = d['items_per_sec'], t1 - t0
# CPU in ticks of 10 ms (CLK_TCK 100)
print("%-9s round %s  req/s %6d  service µs/req %6.1f  generator µs/req %6.1f  service switches/req %5.2f"
      % (v, r, round(rps), (c1 - c0) * 1e4 / s / rps, (b1 - b0) * 1e4 / s / rps, (x1 - x0) / s / rps), flush=True)
PY
  done
done
