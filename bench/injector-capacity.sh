#!/usr/bin/env bash
# Injector capacity: the highest request rate each injector sustains on this machine against one
# small static file served by nginx on 127.0.0.1, side by side:
#   wrk                 closed loop, keep-alive connections: the machine's practical limit
#   gatling-plain       Gatling, open model (users arriving at a constant rate), no recorder
#   gatling-recorder    the same simulation with Headroom's recorder hook on every request
#                       (simulations/dev/headroom/simulations/StaticFileSimulation.java: every
#                       request through Redirects.recorded, the allowlist-checked redirect
#                       following and recorder hook that StorefrontSimulation uses)
#
#   bench/injector-capacity.sh
#
# Part 1, capacity: for each rate in RATES, plain then recorder (interleaved, so drift in the
# machine hits both alike), each step tried up to twice (one retry absorbs a one-off hiccup); a
# mode stops after two failed steps in a row, so one unlucky step does not end it. A step passes when nginx served at least 95% of the target rate during the hold phase
# (RAMP seconds of ramp-up are not judged) and no request failed (a non-200 at nginx, or a KO in
# Gatling's count: connection errors never reach nginx). nginx's access log is the judge for all.
# Part 2, recorder cost: both modes at FIXED_RATE (well under capacity) REPEATS times each,
# alternating; the injector JVM's CPU time (user + system, from /proc) per request served. The
# cost is the median of the pairs' ratios (recorder / plain, run next to each other), which is
# steadier than comparing medians when the machine drifts between pairs.
#
# The Gatling JVM runs with the tuning `./headroom load` gives it (GatlingLauncher.jvmOptions:
# -Xms=-Xmx, parallel GC) at 1 GiB (HEADROOM_GATLING_HEAP=1g there); GATLING_JVM_OPTS replaces
# them, e.g. "-Xmx1g -XX:+UseG1GC" to compare.
#
# Knobs (environment): SECONDS_PER_RUN=15 RAMP=5 REQUESTS_PER_USER=10
#   RATES="10000 12000 14000 16000 18000 20000 22000 24000 27000 30000 33000 36000 40000 45000 50000"
#   FIXED_RATE=10000 REPEATS=5 WRK_CONNECTIONS=64 SKIP_BUILD=1
# Results: bench/results/injector-capacity-<timestamp>/ (gitignored), summary.md printed.
# All traffic goes to 127.0.0.1; every run is bounded in time.
set -euo pipefail

SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
RAMP=${RAMP:-5}
REQUESTS_PER_USER=${REQUESTS_PER_USER:-10}
RATES=${RATES:-"10000 12000 14000 16000 18000 20000 22000 24000 27000 30000 33000 36000 40000 45000 50000"}
FIXED_RATE=${FIXED_RATE:-10000}
REPEATS=${REPEATS:-5}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
GATLING_JVM_OPTS=${GATLING_JVM_OPTS:-"-Xms1g -Xmx1g -XX:+UseParallelGC"}

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" injector-capacity
for tool in nginx wrk java python3 curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install nginx wrk curl)" >&2; exit 2; }
done

if [[ -z ${SKIP_BUILD:-} ]]; then
  log "building (mvn package: the simulations and Gatling's classpath)"
  mvn -B -q -ntp -DskipTests package
fi
CP="$(cat target/gatling.classpath):target/test-classes:target/classes"

# Both nginx and the injector hold one descriptor per connection; the open model opens more
# connections whenever responses lag, so give each as many as the hard limit allows.
ulimit -n "$(ulimit -Hn)"
FDS=$(ulimit -n)
PORT=$(free_port)
NGINX_DIR="$RUN_DIR/nginx"
mkdir -p "$NGINX_DIR/html" "$NGINX_DIR/logs"
head -c 1024 /dev/zero | tr '\0' 'x' >"$NGINX_DIR/html/static.html"
cat >"$NGINX_DIR/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile $FDS;
daemon off;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/logs/error.log warn;
events { worker_connections $((FDS - 1000)); }
http {
  log_format msec '\$msec \$status';
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$PORT backlog=4096;
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
log "nginx (1 worker, $((FDS - 1000)) connections) serving a 1 KiB file at $URL"

# Requests nginx answered 200 between $1 and $1+$2 seconds after the first request in its access
# log since it was emptied; also prints the count of non-200 answers.
counted() {
  sleep 1.5 # the log buffer flushes every second
  python3 - "$NGINX_DIR/logs/access.log" "$1" "$2" <<'PY'
import sys
path, skip, window = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
rows = [l.split() for l in open(path) if l.strip()]
if not rows:
    print(0, 0); sys.exit()
t0 = float(rows[0][0]) + skip
ok = sum(1 for t, s in rows if s == "200" and 0 <= float(t) - t0 < window)
bad = sum(1 for t, s in rows if s != "200")
print(ok, bad)
PY
}
reset_log() { : >"$NGINX_DIR/logs/access.log"; kill -USR1 "$NGINX_PID"; sleep 0.3; : >"$NGINX_DIR/logs/access.log"; }

# gatling MODE RATE NAME: runs StaticFileSimulation, sampling the JVM's CPU time (user + system,
# from /proc) twice a second into NAME.cpu; prints Gatling's KO count.
gatling() {
  local mode=$1 rate=$2 name=$3
  # shellcheck disable=SC2086 # GATLING_JVM_OPTS is a list of options
  java $GATLING_JVM_OPTS -Dgatling.http.warmUpUrl= -Dgatling.data.enableAnalytics=false \
      -Dbench.url="$URL" -Dbench.rate="$rate" -Dbench.seconds="$SECONDS_PER_RUN" -Dbench.rampSeconds="$RAMP" \
      -Dbench.requestsPerUser="$REQUESTS_PER_USER" -Dbench.recorder=$([[ $mode == recorder ]] && echo true || echo false) \
      -cp "$CP" io.gatling.app.Gatling -s dev.headroom.simulations.StaticFileSimulation \
      -rf "$RUN_DIR/gatling-$name" -nr >"$RUN_DIR/$name.log" 2>&1 &
  local pid=$! ticks
  while [[ -r /proc/$pid/stat ]]; do
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || break
    echo "$(date +%s.%N) $ticks" >>"$RUN_DIR/$name.cpu"
    sleep 0.5
  done
  wait "$pid" || true
  local ko
  ko=$(grep -oE 'Global +\(OK=[0-9]+ +KO=[0-9]+' "$RUN_DIR/$name.log" | tail -1 | grep -oE 'KO=[0-9]+' | cut -d= -f2 || true)
  echo "${ko:-0}"
}

# hold_cpu NAME: the injector's CPU seconds during the judged hold (the same window counted()
# judges, placed by nginx's first logged request) and the 200s nginx served in it.
hold_cpu() {
  sleep 1.5
  python3 - "$NGINX_DIR/logs/access.log" "$RUN_DIR/$1.cpu" "$RAMP" "$SECONDS_PER_RUN" "$(getconf CLK_TCK)" <<'PY'
import bisect, sys
log, cpu, ramp, hold, hz = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
rows = [l.split() for l in open(log) if l.strip()]
start = float(rows[0][0]) + ramp
served = sum(1 for t, s in rows if s == "200" and 0 <= float(t) - start < hold)
samples = [tuple(map(float, l.split())) for l in open(cpu) if l.strip()]
times = [t for t, _ in samples]
def ticks_at(t):  # linear between the two samples around t
    i = min(max(bisect.bisect_left(times, t), 1), len(samples) - 1)
    (t0, c0), (t1, c1) = samples[i - 1], samples[i]
    return c0 + (c1 - c0) * (t - t0) / (t1 - t0) if t1 > t0 else c1
print(f"{(ticks_at(start + hold) - ticks_at(start)) / hz:.2f}", served)
PY
}

{
  echo "# Injector capacity, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -c1-40)."
  echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg). Target: a 1 KiB file, nginx with 1 worker."
  echo "Gatling: $REQUESTS_PER_USER request(s) per user, ${RAMP}s ramp + ${SECONDS_PER_RUN}s judged hold per run, JVM: $GATLING_JVM_OPTS."
  echo
  echo "## Capacity"
  echo
  echo "| injector | target rate (req/s) | served in hold (req/s) | failed (non-200 + KO) | sustained |"
  echo "| --- | ---: | ---: | ---: | --- |"
} >"$RUN_DIR/summary.md"

reset_log
log "wrk -t2 -c$WRK_CONNECTIONS -d${SECONDS_PER_RUN}s"
wrk -t2 -c"$WRK_CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$URL" >"$RUN_DIR/wrk.txt"
read -r ok bad < <(counted 0 "$SECONDS_PER_RUN")
WRK_RATE=$(awk -v n="$ok" -v s="$SECONDS_PER_RUN" 'BEGIN{printf "%.0f", n/s}')
echo "| wrk (closed loop, $WRK_CONNECTIONS connections) | - | $WRK_RATE | $bad | (its own limit) |" >>"$RUN_DIR/summary.md"
log "wrk: $WRK_RATE req/s ($(grep Requests/sec "$RUN_DIR/wrk.txt"))"

declare -A BEST=([plain]=0 [recorder]=0) DONE=([plain]=0 [recorder]=0) MISSES=([plain]=0 [recorder]=0)
for rate in $RATES; do
  for mode in plain recorder; do
    [[ ${DONE[$mode]} == 1 ]] && continue
    for attempt in 1 2; do
      reset_log
      log "gatling-$mode at $rate req/s (try $attempt)"
      ko=$(gatling "$mode" "$rate" "$mode-$rate-$attempt")
      read -r ok bad < <(counted "$RAMP" "$SECONDS_PER_RUN")
      bad=$((bad + ko))
      served=$(awk -v n="$ok" -v s="$SECONDS_PER_RUN" 'BEGIN{printf "%.0f", n/s}')
      pass=$(awk -v a="$served" -v t="$rate" -v b="$bad" 'BEGIN{print (a >= 0.95 * t && b == 0) ? "yes" : "no"}')
      echo "| gatling-$mode | $rate | $served | $bad | $pass |" >>"$RUN_DIR/summary.md"
      log "  served $served req/s in the hold, $bad failed: $pass"
      [[ $pass == yes ]] && break
    done
    if [[ $pass == yes ]]; then
      BEST[$mode]=$rate MISSES[$mode]=0
    else
      MISSES[$mode]=$((MISSES[$mode] + 1))
      [[ ${MISSES[$mode]} == 2 ]] && DONE[$mode]=1
    fi
  done
  [[ ${DONE[plain]} == 1 && ${DONE[recorder]} == 1 ]] && break
done

{
  echo
  # A mode that never failed ran out of steps: its capacity is at least its best, not exactly it.
  capacity() { if [[ ${DONE[$1]} == 1 ]]; then echo "${BEST[$1]} req/s"; else echo "at least ${BEST[$1]} req/s (every step passed: raise RATES)"; fi; }
  echo "Capacity (highest sustained step): wrk $WRK_RATE req/s, gatling-plain $(capacity plain),"
  echo "gatling-recorder $(capacity recorder)."
  echo
  echo "## Recorder cost: injector CPU per request at $FIXED_RATE req/s"
  echo
  echo "CPU time of the injector JVM (user + system) during the ${SECONDS_PER_RUN}s hold, per request nginx served in it."
  echo
  echo "| run | mode | served in hold | failed | injector CPU in hold (s) | CPU per request (µs) |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: |"
} >>"$RUN_DIR/summary.md"

declare -A PER_REQUEST=([plain]="" [recorder]="")
RATIOS=""
for run in $(seq "$REPEATS"); do
  for mode in plain recorder; do
    reset_log
    log "gatling-$mode at $FIXED_RATE req/s, CPU run $run/$REPEATS"
    ko=$(gatling "$mode" "$FIXED_RATE" "cpu-$mode-$run")
    read -r cpu served < <(hold_cpu "cpu-$mode-$run")
    per=$(awk -v c="$cpu" -v n="$served" 'BEGIN{printf "%.1f", n ? c * 1e6 / n : 0}')
    echo "| $run | $mode | $served | $ko | $cpu | $per |" >>"$RUN_DIR/summary.md"
    log "  $cpu s CPU for $served requests: $per µs each"
    PER_REQUEST[$mode]+="$per "
    [[ $mode == plain ]] && plain_per=$per
  done
  RATIOS+="$(awk -v r="$per" -v p="$plain_per" 'BEGIN{printf "%.4f", (p > 0 ? r / p : 0)}') "
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END{print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
MP=$(median "${PER_REQUEST[plain]}")
MR=$(median "${PER_REQUEST[recorder]}")
MRATIO=$(median "$RATIOS")
{
  echo
  echo "Median CPU per request: plain $MP µs, recorder $MR µs. Recorder / plain in each pair: $RATIOS;"
  echo "median $MRATIO: the recorder costs $(awk -v m="$MRATIO" 'BEGIN{printf "%+.1f%%", (m - 1) * 100}') injector CPU per request."
  echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
} >>"$RUN_DIR/summary.md"
cat "$RUN_DIR/summary.md"
log "results in $RUN_DIR"
