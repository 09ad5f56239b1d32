#!/usr/bin/env bash
# Injector capacity: the highest request rate each injector sustains on this machine against one
# small static file served by nginx on 127.0.0.1, side by side:
#   wrk                 closed loop, keep-alive connections: the machine's practical limit
#   gatling-plain       Gatling, open model (constant arrival rate), no Headroom recorder
#   gatling-recorder    the same simulation with Headroom's recorder hook on every request
#                       (simulations/dev/headroom/simulations/StaticFileSimulation.java, shared
#                       hook in Recording.java, the one StorefrontSimulation uses)
#
#   bench/injector-capacity.sh
#
# Each Gatling mode steps its arrival rate up (RATES) until the rate nginx saw in the run's first
# SECONDS seconds falls below 95% of the target, or any request fails (a non-200 at nginx, or a KO
# in Gatling's own count: connection errors never reach nginx); the highest passing step is its
# capacity. nginx counts the requests (access log with $msec), the same judge for every tool.
#
# Knobs (environment): SECONDS_PER_RUN=15 RATES="1000 2000 2500 3000 3500 4000 4500 5000 6000 8000 10000"
#   WRK_CONNECTIONS=64 SKIP_BUILD=1
# Results: bench/results/injector-capacity-<timestamp>/ (gitignored), summary.md printed.
# All traffic goes to 127.0.0.1; every run is bounded in time.
set -euo pipefail

SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
RATES=${RATES:-"1000 2000 2500 3000 3500 4000 4500 5000 6000 8000 10000"}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" injector-capacity
for tool in nginx wrk java python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install nginx wrk)" >&2; exit 2; }
done

if [[ -z ${SKIP_BUILD:-} ]]; then
  log "building (mvn test-compile: the simulations and Gatling's classpath)"
  mvn -B -q -ntp -DskipTests package
fi
CP="$(cat target/gatling.classpath):target/test-classes:target/classes"

PORT=$(free_port)
NGINX_DIR="$RUN_DIR/nginx"
mkdir -p "$NGINX_DIR/html" "$NGINX_DIR/logs"
head -c 1024 /dev/zero | tr '\0' 'x' >"$NGINX_DIR/html/static.html"
cat >"$NGINX_DIR/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/logs/error.log warn;
events { worker_connections 16384; }
http {
  log_format msec '\$msec \$status';
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$PORT;
    root $NGINX_DIR/html;
    location /static.html { access_log $NGINX_DIR/logs/access.log msec buffer=256k flush=1s; }
  }
}
CONF
nginx -c "$NGINX_DIR/nginx.conf" -p "$NGINX_DIR" >"$NGINX_DIR/logs/stdout.log" 2>&1 &
NGINX_PID=$!
trap 'kill $NGINX_PID 2>/dev/null || true; wait 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$PORT/static.html"
for _ in $(seq 50); do curl -fs "$URL" >/dev/null 2>&1 && break; sleep 0.1; done
log "nginx (1 worker) serving a 1 KiB file at $URL"

# Requests nginx answered 200 in the first $1 seconds of its access log since it was emptied; also
# prints the count of non-200 answers.
counted() {
  sleep 1.5 # the log buffer flushes every second
  python3 - "$NGINX_DIR/logs/access.log" "$1" <<'PY'
import sys
path, window = sys.argv[1], float(sys.argv[2])
rows = [l.split() for l in open(path) if l.strip()]
if not rows:
    print(0, 0); sys.exit()
t0 = float(rows[0][0])
ok = sum(1 for t, s in rows if s == "200" and float(t) - t0 < window)
bad = sum(1 for t, s in rows if s != "200")
print(ok, bad)
PY
}
reset_log() { : >"$NGINX_DIR/logs/access.log"; kill -USR1 "$NGINX_PID"; sleep 0.3; : >"$NGINX_DIR/logs/access.log"; }

{
  echo "# Injector capacity, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -c1-40)."
  echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg). Target: a 1 KiB file, nginx with 1 worker, ${SECONDS_PER_RUN}s per run."
  echo
  echo "| injector | target rate (req/s) | served in window (req/s) | failed (non-200 + KO) | sustained |"
  echo "| --- | ---: | ---: | ---: | --- |"
} >"$RUN_DIR/summary.md"

reset_log
log "wrk -t2 -c$WRK_CONNECTIONS -d${SECONDS_PER_RUN}s"
wrk -t2 -c"$WRK_CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$URL" >"$RUN_DIR/wrk.txt"
read -r ok bad < <(counted "$SECONDS_PER_RUN")
WRK_RATE=$(awk -v n="$ok" -v s="$SECONDS_PER_RUN" 'BEGIN{printf "%.0f", n/s}')
echo "| wrk (closed loop, $WRK_CONNECTIONS connections) | - | $WRK_RATE | $bad | (its own limit) |" >>"$RUN_DIR/summary.md"
log "wrk: $WRK_RATE req/s ($(grep Requests/sec "$RUN_DIR/wrk.txt"))"

declare -A BEST
for mode in plain recorder; do
  BEST[$mode]=0
  for rate in $RATES; do
    reset_log
    log "gatling-$mode at $rate req/s for ${SECONDS_PER_RUN}s"
    java -Xmx1g -Dgatling.http.warmUpUrl= -Dgatling.data.enableAnalytics=false \
        -Dbench.url="$URL" -Dbench.rate="$rate" -Dbench.seconds="$SECONDS_PER_RUN" \
        -Dbench.recorder=$([[ $mode == recorder ]] && echo true || echo false) \
        -cp "$CP" io.gatling.app.Gatling -s dev.headroom.simulations.StaticFileSimulation \
        -rf "$RUN_DIR/gatling-$mode-$rate" -nr >"$RUN_DIR/gatling-$mode-$rate.log" 2>&1 || true
    read -r ok bad < <(counted "$SECONDS_PER_RUN")
    ko=$(grep -oE 'Global +\(OK=[0-9]+ +KO=[0-9]+' "$RUN_DIR/gatling-$mode-$rate.log" | tail -1 | grep -oE 'KO=[0-9]+' | cut -d= -f2)
    bad=$((bad + ${ko:-0}))
    served=$(awk -v n="$ok" -v s="$SECONDS_PER_RUN" 'BEGIN{printf "%.0f", n/s}')
    pass=$(awk -v a="$served" -v t="$rate" -v b="$bad" 'BEGIN{print (a >= 0.95 * t && b == 0) ? "yes" : "no"}')
    echo "| gatling-$mode | $rate | $served | $bad | $pass |" >>"$RUN_DIR/summary.md"
    log "  served $served req/s, $bad non-200: $pass"
    [[ $pass == yes ]] || break
    BEST[$mode]=$rate
  done
done

{
  echo
  echo "Capacity (highest sustained step): wrk $WRK_RATE req/s, gatling-plain ${BEST[plain]} req/s,"
  echo "gatling-recorder ${BEST[recorder]} req/s. Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
} >>"$RUN_DIR/summary.md"
cat "$RUN_DIR/summary.md"
log "results in $RUN_DIR"
