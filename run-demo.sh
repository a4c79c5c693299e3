#!/usr/bin/env bash
# The main job: build perf-agent, start the sample inference service with the agent, drive load,
# print the load figures, what the agent measured, and the URL of /metrics.
#   ./run-demo.sh [--clients N] [--duration D]        (AGENT_PORT=9464 by default)
set -euo pipefail
cd "$(dirname "$0")"
clients=16
duration=15s
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    *) echo "usage: $0 [--clients N] [--duration D]" >&2; exit 2 ;;
  esac
done
agent_port=${AGENT_PORT:-9464}

echo "== building the agent and the sample service (mvn -B -q -DskipTests package)"
mvn -B -q -DskipTests package -pl agent,sample-apps/inference-service -am

log=$(mktemp -t perf-agent-demo.XXXXXX)
java -javaagent:agent/target/perf-agent.jar=config=sample-apps/inference-service/perf-agent.yaml \
     -Dperfagent.export.http.port="$agent_port" \
     -jar sample-apps/inference-service/target/inference-service.jar --port 0 >"$log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true; rm -f "$log"' EXIT

url=""
for _ in $(seq 1 150); do
  url=$(grep -o 'listening on http://[0-9.:]*' "$log" | sed 's/listening on //' || true)
  if [ -n "$url" ] && grep -q 'perf-agent.*INFO started' "$log"; then break; fi
  if ! kill -0 $service 2>/dev/null; then cat "$log"; echo "the service exited" >&2; exit 1; fi
  sleep 0.2
done
[ -n "$url" ] || { cat "$log"; echo "the service did not start" >&2; exit 1; }
grep 'perf-agent' "$log" || true

echo "== driving load: $clients clients for $duration against $url/score"
java -jar sample-apps/inference-service/target/inference-service.jar bench \
     --clients "$clients" --duration "$duration" --target "$url/score"

echo "== what perf-agent measured (java -jar agent/target/perf-agent.jar status $service)"
java -jar agent/target/perf-agent.jar status "$service"

echo
echo "metrics: http://127.0.0.1:$agent_port/metrics    status: http://127.0.0.1:$agent_port/status"
if [ -t 0 ]; then
  echo "the service keeps running; press Ctrl-C to stop it"
  wait $service
fi
