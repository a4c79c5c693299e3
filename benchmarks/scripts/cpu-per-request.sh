#!/bin/bash
# CPU per request of the sample service, by thread group (docs/benchmarks.md, "Where the cost goes").
# usage: benchmarks/scripts/cpu-per-request.sh LABEL WARMUP_S MEASURE_S [java options for the service...]
#   e.g. benchmarks/scripts/cpu-per-request.sh prof 40 20 -javaagent:agent/target/perf-agent.jar=config=benchmarks/profiling-overhead.yaml
# Starts inference-service.jar serve (16 threads), loads it for WARMUP_S with its own bench (8 clients), then
# reads every thread's CPU ticks (/proc/PID/task/*/stat) around MEASURE_S more of the same load and prints
# requests/s and CPU microseconds per request, in all and per thread group. Files go to $OUT (default /tmp/cpu-per-request).
set -uo pipefail
label=$1; warm=$2; dur=$3; shift 3
J=${APP:-$(dirname "$0")/../../sample-apps/inference-service/target/inference-service.jar}
OUT=${OUT:-/tmp/cpu-per-request}; mkdir -p "$OUT"
port=$((20000 + RANDOM % 20000))
java "$@" -jar $J serve --port $port --threads 16 > $OUT/$label.out 2> $OUT/$label.err &
pid=$!
for i in $(seq 1 150); do curl -s -o /dev/null 127.0.0.1:$port/health && break; sleep 0.2; done
java -jar $J bench --clients 8 --warmup 1s --duration ${warm}s --target http://127.0.0.1:$port/score >/dev/null 2>&1
snap() { for t in /proc/$pid/task/*; do echo "$(cat $t/comm 2>/dev/null)|$(awk '{print $14+$15}' $t/stat 2>/dev/null)|$(basename $t)"; done; }
snap > $OUT/$label.s0
r=$(java -jar $J bench --clients 8 --warmup 0s --duration ${dur}s --target http://127.0.0.1:$port/score 2>/dev/null | tail -1)
snap > $OUT/$label.s1
kill $pid; wait $pid 2>/dev/null || true
python3 - "$label" "$r" "$OUT" <<'PY'
import sys,json,collections,re
label,r=sys.argv[1],sys.argv[2]
d=json.loads(r)
def load(f):
    m={}
    for l in open(f):
        p=l.rstrip('\n').split('|')
        if len(p)==3 and p[1]: m[p[2]]=(p[0],int(p[1]))
    return m
a=load(sys.argv[3]+'/%s.s0'%label); b=load(sys.argv[3]+'/%s.s1'%label)
g=collections.Counter()
for tid,(n,t) in b.items():
    d0=a.get(tid,(n,0))[1]
    key=re.sub(r'[-#]?\d+$','',n)
    if key.startswith('HTTP-Dispatcher') or key.startswith('inference-http'): key='app:'+key
    g[key]+=t-d0
tot=sum(g.values())
# a tick is 10 ms (CLK_TCK 100): ticks * 10000 / requests = microseconds per request
print(label,'req/s',round(d['items_per_sec']),'completed',d['completed'],'cpu_us_per_req',round(tot*10000/d['completed'],1))
for k,v in g.most_common(14):
    if v>0: print('   %-32s %6d ticks  %6.1f us/req'%(k,v,v*10000/d['completed']))
PY
