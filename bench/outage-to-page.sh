#!/usr/bin/env bash
# Outage to page, end to end (issue 14), with intervals a user could run in production:
#
#   storefront (loopback) <- monitor probes it every 10 s <- Prometheus scrapes the monitor and the
#   storefront every 15 s, evaluates the shipped rules every 15 s (their own `for:`) -> Alertmanager
#   with the shipped routing (dashboards/alertmanager/alertmanager.yml) -> a tiny webhook receiver
#   (python3 http.server) that logs each notification's arrival time.
#
#   bench/outage-to-page.sh                       # MODE=both: REPEATS outages, then the clean run
#   MODE=outage REPEATS=3 bench/outage-to-page.sh
#   MODE=clean CLEAN_MINUTES=10 bench/outage-to-page.sh
#
# Outage: switch the storefront's hard-down fault on (PUT /admin/faults/hard-down on its admin API),
# time until the first firing notification reaches /oncall (the page); switch it off, time until
# the page's "resolved" reaches /oncall. Repeated REPEATS times, each from a quiet state.
# Clean run: the storefront under a light normal load (LOAD_RPS requests a second over its pages)
# for CLEAN_MINUTES; any notification on /oncall is a false page and fails the run.
#
# Rules loaded: dashboards/prometheus/headroom-rules.yml and dashboards/prometheus/generated/*-slos.yml
# (everything shipped, so the clean run also catches SLO pages). The monitor runs through
# ./headroom (the launcher's options). Knobs (environment): MODE=both REPEATS=3 CLEAN_MINUTES=10
#   SCRAPE=15s EVAL=15s PROBE_INTERVAL=10s RETRY_ATTEMPTS=2 (a failed probe is retried once, 1 s
#   later, before the run counts: one blip pages nobody) START_JITTER=30 (seconds of random wait
#   before each outage) LOAD_RPS=2 PHASE_TIMEOUT=600 SKIP_BUILD=1
#   PAGE_ALERT=HeadroomCheckDown (the page timed: the first /oncall notification firing it; the
#   SLO burn-rate pages the outage also raises are listed, not timed)
# If the storefront process dies (killed from outside) the run stops and says so: its figures
# would be an outage nobody switched on.
# Results: bench/results/outage-to-page-<timestamp>/ (gitignored): summary.md, webhook.jsonl, logs.
# All traffic goes to 127.0.0.1.
set -euo pipefail

MODE=${MODE:-both}
REPEATS=${REPEATS:-3}
CLEAN_MINUTES=${CLEAN_MINUTES:-10}
SCRAPE=${SCRAPE:-15s}
EVAL=${EVAL:-15s}
PROBE_INTERVAL=${PROBE_INTERVAL:-10s}
LOAD_RPS=${LOAD_RPS:-2}
PHASE_TIMEOUT=${PHASE_TIMEOUT:-600}
PAGE_ALERT=${PAGE_ALERT:-HeadroomCheckDown}
RETRY_ATTEMPTS=${RETRY_ATTEMPTS:-2}
START_JITTER=${START_JITTER:-30}

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "outage-to-page-$MODE"
JAR=target/headroom.jar
for tool in /usr/bin/prometheus /usr/bin/prometheus-alertmanager; do
  [[ -x $tool ]] || { log "missing $tool: apt-get install -y prometheus prometheus-alertmanager"; exit 2; }
done
if [[ -z ${SKIP_BUILD:-} ]]; then
  log "building $JAR"
  mvn -B -q -ntp -DskipTests package
fi

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_http() { for _ in $(seq "${2:-120}"); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done; log "not ready: $1"; return 1; }

# --- the webhook receiver: one JSON line per notification (arrival time, path, status, alert names)
HOOK_PORT=$(free_port)
cat >"$RUN_DIR/webhook.py" <<'PY'
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
out = open(sys.argv[2], "a", buffering=1)
class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        out.write(json.dumps({"t": time.time(), "path": self.path, "status": body.get("status"),
                              "alerts": sorted({a["labels"].get("alertname", "") + "/" + a.get("status", "")
                                                for a in body.get("alerts", [])})}) + "\n")
        self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
: >"$RUN_DIR/webhook.jsonl"
python3 "$RUN_DIR/webhook.py" "$HOOK_PORT" "$RUN_DIR/webhook.jsonl" >"$RUN_DIR/webhook.log" 2>&1 &
PIDS+=($!)

# --- the storefront, its admin API on its own port
SHOP_PORT=$(free_port); ADMIN_PORT=$(free_port); TOKEN=bench-$RANDOM$RANDOM
java -Xmx256m -XX:+UseSerialGC -jar "$JAR" storefront --port "$SHOP_PORT" --admin-port "$ADMIN_PORT" \
    --admin-token "$TOKEN" --products 300 >"$RUN_DIR/storefront.log" 2>&1 &
SHOP_PID=$!
PIDS+=("$SHOP_PID")
shop_alive() { kill -0 "$SHOP_PID" 2>/dev/null || { log "storefront (pid $SHOP_PID) died at $(date -u +%T): run void"; echo "- **storefront died at $(date -u +%T): run void**" >>"$RUN_DIR/summary.md"; exit 3; }; }
wait_http "http://127.0.0.1:$SHOP_PORT/health"
SHOP=http://127.0.0.1:$SHOP_PORT
fault() { curl -fs -o /dev/null -X "$1" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$ADMIN_PORT/admin/faults/hard-down"; }

# --- the monitor: probes of the storefront's pages (what a user's first monitor config looks like)
cat >"$RUN_DIR/monitor.yaml" <<YAML
defaults: {interval: $PROBE_INTERVAL, timeout: 5s, retry: {attempts: $RETRY_ATTEMPTS, delay: 1s}}
checks:
  - {name: home, probe: '$SHOP/'}
  - {name: health, probe: '$SHOP/health'}
YAML
MON_PORT=$(free_port)
./headroom monitor --config "$RUN_DIR/monitor.yaml" --port "$MON_PORT" --out "$RUN_DIR/reports" >"$RUN_DIR/monitor.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$MON_PORT/metrics"

# --- Alertmanager with the shipped routing, receivers moved to the webhook
AM_PORT=$(free_port)
sed "s#http://127.0.0.1:9095/#http://127.0.0.1:$HOOK_PORT/#" dashboards/alertmanager/alertmanager.yml >"$RUN_DIR/alertmanager.yml"
/usr/bin/prometheus-alertmanager --config.file="$RUN_DIR/alertmanager.yml" --storage.path="$RUN_DIR/am-data" \
    --web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= >"$RUN_DIR/alertmanager.log" 2>&1 &
PIDS+=($!)

# --- Prometheus: production-like intervals, every shipped rule file
PROM_PORT=$(free_port)
cat >"$RUN_DIR/prometheus.yml" <<YAML
global: {scrape_interval: $SCRAPE, evaluation_interval: $EVAL}
rule_files: ['$ROOT/dashboards/prometheus/headroom-rules.yml', '$ROOT/dashboards/prometheus/generated/*-slos.yml']
alerting:
  alertmanagers: [{static_configs: [{targets: ['127.0.0.1:$AM_PORT']}]}]
scrape_configs:
  - {job_name: shop, static_configs: [{targets: ['127.0.0.1:$SHOP_PORT']}]}
  - {job_name: headroom-monitor, static_configs: [{targets: ['127.0.0.1:$MON_PORT']}]}
YAML
/usr/bin/prometheus --config.file="$RUN_DIR/prometheus.yml" --storage.tsdb.path="$RUN_DIR/prom-data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$RUN_DIR/prometheus.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$PROM_PORT/-/ready"; wait_http "http://127.0.0.1:$AM_PORT/-/ready"
PROM=http://127.0.0.1:$PROM_PORT
log "shop $SHOP, monitor :$MON_PORT, prometheus :$PROM_PORT, alertmanager :$AM_PORT, webhook :$HOOK_PORT"

# Waits until Prometheus has the monitor's checks UP (scraped at least once).
wait_up() {
  for _ in $(seq 120); do
    n=$(curl -fs "$PROM/api/v1/query" --data-urlencode 'query=count(headroom_check_up == 1)' \
        | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)' 2>/dev/null || echo 0)
    [[ $n == 2 ]] && return 0
    sleep 2
  done
  log "checks never UP in Prometheus"; return 1
}
# first_after T PATH STATUS: arrival time of the first notification on PATH after T with STATUS.
first_after() {
  python3 - "$RUN_DIR/webhook.jsonl" "$1" "$2" "$3" "$PAGE_ALERT" <<'PY'
import json, sys
f, t, path, status, alert = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
for line in open(f):
    n = json.loads(line)
    if n["t"] > t and n["path"] == path and any(a.startswith(alert + "/" + status) for a in n["alerts"]):
        print("%.3f %s" % (n["t"], ",".join(n["alerts"]))); break
PY
}
wait_for() { # T PATH STATUS -> "arrival alerts", or "" after PHASE_TIMEOUT
  local end=$(( $(date +%s) + PHASE_TIMEOUT )) got=""
  while (( $(date +%s) < end )); do
    got=$(first_after "$1" "$2" "$3"); [[ -n $got ]] && break
    shop_alive
    sleep 0.5
  done
  echo "$got"
}

{
  echo "# Outage to page, $(date -u +%Y-%m-%dT%H:%MZ) (mode $MODE)"
  echo
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(/usr/bin/prometheus --version 2>&1 | head -1 | awk '{print "Prometheus " $3}'), $(/usr/bin/prometheus-alertmanager --version 2>&1 | head -1 | awk '{print "Alertmanager " $3}'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
  rule_for=$(awk -v a="alert: $PAGE_ALERT" '$0 ~ a"$" {f=1; next} f && /alert:/ {exit} f && /^ *for:/ {print $2}' dashboards/prometheus/headroom-rules.yml)
  page_route=$(awk '/severity="page"/ {f=1} f && /group_(wait|interval):/ {printf "%s %s ", $1, $2} f && /repeat_interval/ {exit}' dashboards/alertmanager/alertmanager.yml)
  echo "Probes every $PROBE_INTERVAL (timeout 5s, $RETRY_ATTEMPTS attempts 1 s apart), scrape $SCRAPE, rule evaluation $EVAL, shipped rules ($PAGE_ALERT for: ${rule_for:-none}) and routing (page: ${page_route% })."
  echo
} >"$RUN_DIR/summary.md"

wait_up
if [[ $MODE == outage || $MODE == both ]]; then
  {
    echo "| # | fault on (UTC) | to page (s) | page | fault off → resolved (s) | outage length (s) | other pages on /oncall during the repeat |"
    echo "| ---: | --- | ---: | --- | ---: | ---: | --- |"
  } >>"$RUN_DIR/summary.md"
  for r in $(seq "$REPEATS"); do
    wait_up
    # A random start, so outages fall at every phase of the probe, scrape and evaluation ticks
    # rather than locked to one (each repeat starts from the same recovery).
    sleep "$(( RANDOM % (START_JITTER + 1) ))"
    t_on=$(date +%s.%N)
    fault PUT
    log "repeat $r: hard-down on at $(date -u +%T)"
    page=$(wait_for "$t_on" /oncall firing)
    t_off=$(date +%s.%N)
    fault DELETE
    log "repeat $r: page: ${page:-none}; hard-down off at $(date -u +%T)"
    resolved=$(wait_for "$t_off" /oncall resolved)
    log "repeat $r: resolved: ${resolved:-none}"
    others=$(python3 - "$RUN_DIR/webhook.jsonl" "$t_on" "$PAGE_ALERT" <<'PY'
import json, sys
seen = []
for l in open(sys.argv[1]):
    n = json.loads(l)
    if n["t"] > float(sys.argv[2]) and n["path"] == "/oncall":
        seen += [a for a in n["alerts"] if not a.startswith(sys.argv[3] + "/") and a not in seen]
print(", ".join(seen) or "none")
PY
)
    awk -v r="$r" -v on="$t_on" -v off="$t_off" -v p="${page%% *}" -v pa="${page#* }" -v rs="${resolved%% *}" -v o="$others" \
        'BEGIN { printf "| %d | %s | %s | %s | %s | %.0f | %s |\n", r, strftime("%H:%M:%S", on, 1),
                 (p != "") ? sprintf("%.1f", p - on) : "none", (p != "") ? pa : "-",
                 (rs != "") ? sprintf("%.1f", rs - off) : "none", off - on, o }' >>"$RUN_DIR/summary.md"
  done
  python3 - "$RUN_DIR/summary.md" <<'PY' >>"$RUN_DIR/summary.md"
import statistics, sys
rows = [l.split("|") for l in open(sys.argv[1]) if l.startswith("| ") and l.split("|")[1].strip().isdigit()]
for col, what in ((3, "to page"), (5, "to resolved")):
    v = sorted(float(r[col]) for r in rows if r[col].strip() != "none")
    if v:
        print(f"\n{what}: min {v[0]:.1f} s, median {statistics.median(v):.1f} s, max {v[-1]:.1f} s over {len(v)} of {len(rows)} repeats", end="")
print()
PY
  echo >>"$RUN_DIR/summary.md"
fi

if [[ $MODE == clean || $MODE == both ]]; then
  # Light normal load: LOAD_RPS requests a second over the storefront's pages, for the whole run.
  (
    paths=(/ /health /search?q=shirt / /sitemap.xml)
    i=0
    while true; do
      curl -s -o /dev/null "$SHOP${paths[$((i % ${#paths[@]}))]}"; i=$((i + 1))
      sleep "$(awk -v r="$LOAD_RPS" 'BEGIN{printf "%.3f", 1/r}')"
    done
  ) &
  LOAD_PID=$!; PIDS+=("$LOAD_PID")
  t_clean=$(date +%s.%N)
  log "clean run: ${CLEAN_MINUTES} min under $LOAD_RPS req/s, from $(date -u +%T)"
  for _ in $(seq $((CLEAN_MINUTES * 6))); do sleep 10; shop_alive; done
  kill "$LOAD_PID" 2>/dev/null || true
  pages=$(python3 - "$RUN_DIR/webhook.jsonl" "$t_clean" <<'PY'
import json, sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["t"] > float(sys.argv[2]) and json.loads(l)["path"] == "/oncall"))
PY
)
  others=$(python3 - "$RUN_DIR/webhook.jsonl" "$t_clean" <<'PY'
import json, sys
print(sum(1 for l in open(sys.argv[1]) if json.loads(l)["t"] > float(sys.argv[2]) and json.loads(l)["path"] != "/oncall"))
PY
)
  runs=$(grep -cE '^[0-9TZ:-]+ +(PASSED|DEGRADED|FAILED|ERROR) ' "$RUN_DIR/monitor.log" || true)
  failed=$(grep -cE '^[0-9TZ:-]+ +(FAILED|ERROR) ' "$RUN_DIR/monitor.log" || true)
  {
    echo "Clean run: $CLEAN_MINUTES min from $(date -u -d "@${t_clean%.*}" +%T) UTC under ~$LOAD_RPS req/s: pages on /oncall: **$pages**, ticket notifications: $others (monitor runs in the whole session $runs, failed $failed, the failed ones being the outages above if any)."
    echo
  } >>"$RUN_DIR/summary.md"
fi
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN_DIR/summary.md"
cat "$RUN_DIR/summary.md"
log "results in $RUN_DIR"
if [[ $MODE == clean || $MODE == both ]] && [[ ${pages:-0} != 0 ]]; then log "FALSE PAGE in the clean run"; exit 1; fi
