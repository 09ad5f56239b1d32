#!/usr/bin/env bash
# Journey-driven load test vs the hand-written Gatling chains vs wrk, side by side in one run on the
# reference storefront: injector CPU per request, and the highest rate each sustains.
#
#   bench/journey-vs-handwritten.sh                      # full run; on a quiet machine only
#   BENCH_SECONDS=5 RATES="20 40" REPEATS=1 FIXED_RATE=20 WARMUP=0 bench/journey-vs-handwritten.sh   # smoke
#
# Modes (MODES="journeys handwritten wrk"):
#   journeys     `./headroom load` as shipped: the shop's journey files (monitors/browse-and-search.yaml
#                and monitors/checkout.yaml with shoppers.csv), driven step by step by JourneySimulation
#   handwritten  the same `./headroom load` (same run.json, stages, recorder, results, JVM options) with
#                the old hand-written chains (bench/handwritten/StorefrontSimulation.java), compiled here
#                as dev.headroom.simulations.JourneySimulation into a folder put first on
#                HEADROOM_GATLING_CLASSPATH; its chain mix is HW_MIX, its product ids and categories come
#                from the shop's sitemap, and it rescales the arrival rate so the request rate is the
#                one planned
#   wrk          closed loop, WRK_THREADS threads / WRK_CONNECTIONS connections, the browse-and-search
#                page mix (bench/lua/browse-mix.lua: home, category, product, search); GET only, it has
#                no sessions, forms or checks, so it is the floor, not a peer for the checkout
#
# Judge for every mode: the storefront's own request counter (http_server_requests_seconds_count on its
# /metrics, every route but /metrics, redirect hops included), sampled with the injector's CPU time
# (utime + stime of the Gatling JVM or of wrk, from /proc/PID/stat) every SAMPLE seconds. Measured
# window: the hold, less a second at each end (the ramp, JVM start and the last journeys are left out).
#   CPU per request = injector CPU seconds in the window / requests the shop served in the window
#   sustained       = a rate step whose window rate is >= 95% of the target and whose run exits 0
#                     (SLO all p95 <= 500 ms, errors <= 1%)
# Part 1: CPU per request at FIXED_RATE, REPEATS times, the modes interleaved (wrk: at its own rate).
# Part 2: RATES in order per mode, each a RAMP then a BENCH_SECONDS hold; a failed step is tried
#         once more, and the mode stops when both tries fail.
#
# Knobs: BENCH_SECONDS=20 RAMP=5 RATES="100 200 400 800 1200 1600 2000 2400 3200" FIXED_RATE=200
#        REPEATS=3 THINK=100ms PRODUCTS=3000 SHOP_HEAP=1g WARMUP=20 SAMPLE=0.5 WRK_THREADS=2
#        WRK_CONNECTIONS=16 HW_MIX=browse:0.425,search:0.425,checkout:0.15 SKIP_BUILD=1
#        HEADROOM_GATLING_HEAP (the injector's heap, as ./headroom load)
# Results: bench/results/journey-vs-handwritten-<timestamp>/ (gitignored); summary.md printed.
# All traffic goes to 127.0.0.1; every run is bounded (ramp + hold, headroom's own caps and grace).
set -euo pipefail

BENCH_SECONDS=${BENCH_SECONDS:-20}
RAMP=${RAMP:-5}
RATES=${RATES:-"100 200 400 800 1200 1600 2000 2400 3200"}
FIXED_RATE=${FIXED_RATE:-200}
REPEATS=${REPEATS:-3}
THINK=${THINK:-100ms}
PRODUCTS=${PRODUCTS:-3000}
SHOP_HEAP=${SHOP_HEAP:-1g}
WARMUP=${WARMUP:-20}
SAMPLE=${SAMPLE:-0.5}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-16}
HW_MIX=${HW_MIX:-browse:0.425,search:0.425,checkout:0.15}
MODES=${MODES:-"journeys handwritten wrk"}

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" journey-vs-handwritten
JAR=target/headroom.jar
HZ=$(getconf CLK_TCK)

[[ -n ${SKIP_BUILD:-} ]] || { log "building (mvn -DskipTests package)"; mvn -B -q -ntp -DskipTests package; }
[[ -f target/gatling.classpath && -d target/test-classes/dev/headroom/simulations ]] \
  || { echo "target/ has no built simulations: run mvn -DskipTests package" >&2; exit 2; }
if [[ " $MODES " == *" wrk "* ]] && ! command -v wrk >/dev/null 2>&1; then
  log "wrk is missing; installing the Debian package"
  SUDO=$([[ $(id -u) -eq 0 ]] && echo "" || echo sudo)
  $SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update -q && $SUDO apt-get install -y wrk; }
fi

# ---- the hand-written chains, compiled as the simulation ./headroom load forks
BASE_CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat target/gatling.classpath)"
HW_DIR="$RUN_DIR/handwritten"
mkdir -p "$HW_DIR/src/dev/headroom/simulations" "$HW_DIR/classes"
sed 's/\bStorefrontSimulation\b/JourneySimulation/g' bench/handwritten/StorefrontSimulation.java \
  >"$HW_DIR/src/dev/headroom/simulations/JourneySimulation.java"
log "compiling the hand-written chains"
javac -nowarn -proc:none -d "$HW_DIR/classes" -cp "$BASE_CP" "$HW_DIR/src/dev/headroom/simulations/JourneySimulation.java"
HW_CP="$HW_DIR/classes:$BASE_CP"

# ---- the storefront
PORT=$(free_port)
java "-Xms$SHOP_HEAP" "-Xmx$SHOP_HEAP" -jar "$JAR" storefront --port "$PORT" --bind 127.0.0.1 --products "$PRODUCTS" \
  >"$RUN_DIR/storefront.log" 2>&1 &
SHOP_PID=$!
cleanup() {
  [[ -n ${RUN_PID:-} ]] && kill "$RUN_PID" 2>/dev/null || true
  kill "$SHOP_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 120); do curl -fs "$URL/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$URL/health" >/dev/null || { echo "the storefront did not start; see $RUN_DIR/storefront.log" >&2; exit 1; }
log "storefront on $URL ($PRODUCTS products, heap $SHOP_HEAP)"

cat >"$RUN_DIR/load.yaml" <<YAML
limits: {maxRps: 20000, maxDuration: 30m}
journeys:
  - journey: $ROOT/monitors/browse-and-search.yaml
    share: 0.85
  - journey: $ROOT/monitors/checkout.yaml
    envFile: $ROOT/monitors/reference-storefront.env
    data: {file: $ROOT/monitors/shoppers.csv, order: circular}
    share: 0.15
profile: {peakRps: 10, thinkTime: $THINK}
stages: {multipliers: [1], ramp: ${RAMP}s, hold: ${BENCH_SECONDS}s}
slos:
  - group: all
    p95: 500ms
    errorRate: 0.01
abort: {window: 30m, after: 30m}   # measure whole runs: no early stop
metricsPort: -1
YAML

# shop_requests: every request the shop counted, but its own /metrics
shop_requests() {
  curl -fs --max-time 5 "$URL/metrics" 2>/dev/null | awk '/^http_server_requests_seconds_count\{/ && !/"\/metrics"/ {n += $NF} END {printf "%d\n", n}'
}

# sample PID FILE: "time ticks shop_requests" every SAMPLE s while PID lives
sample() {
  local pid=$1 file=$2 ticks
  : >"$file"
  while [[ -r /proc/$pid/stat ]]; do
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || break
    echo "$(date +%s.%N) $ticks $(shop_requests)" >>"$file"
    sleep "$SAMPLE"
  done
}

# window FILE RAMP HOLD: "cpu_seconds requests seconds" in the hold (less a second at each end), from
# the first sample where the shop's count rose by more than 5 (the injection's start)
window() {
  python3 - "$1" "$2" "$3" "$HZ" <<'PY'
import sys
path, ramp, hold, hz = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
rows = [tuple(map(float, l.split())) for l in open(path) if len(l.split()) == 3]
if len(rows) < 3:
    print("0 0 0"); sys.exit()
base = rows[0][2]
start = next((r[0] for r in rows if r[2] > base + 5), None)
if start is None:
    print("0 0 0"); sys.exit()
lo, hi = start + ramp + 1, start + ramp + hold - 1
def at(t, col):  # linear interpolation of column col at time t
    prev = rows[0]
    for r in rows:
        if r[0] >= t:
            if r[0] == prev[0]:
                return r[col]
            return prev[col] + (r[col] - prev[col]) * (t - prev[0]) / (r[0] - prev[0])
        prev = r
    return rows[-1][col]
hi = min(hi, rows[-1][0])
if hi <= lo:
    print("0 0 0"); sys.exit()
print(f"{(at(hi, 1) - at(lo, 1)) / hz:.3f} {at(hi, 2) - at(lo, 2):.0f} {hi - lo:.3f}")
PY
}

# run_load MODE RATE NAME: one ./headroom load at RATE req/s; writes "exit cpu requests seconds errors p95"
# to NAME.result (not through a pipe, so that the exit trap knows RUN_PID)
run_load() {
  local mode=$1 rate=$2 name=$3 out="$RUN_DIR/$3" code gpid=""
  local -a env=()
  [[ $mode == handwritten ]] && env=(HEADROOM_GATLING_CLASSPATH="$HW_CP" JAVA_TOOL_OPTIONS="-Dheadroom.bench.mix=$HW_MIX")
  env "${env[@]}" java -jar "$JAR" load --target "$URL" --config "$RUN_DIR/load.yaml" --peak-rps "$rate" \
      --multiplier 1 --out "$out" >"$RUN_DIR/$name.log" 2>&1 &
  RUN_PID=$!
  for _ in $(seq 600); do
    gpid=$(pgrep -P "$RUN_PID" java 2>/dev/null | head -1 || true)
    [[ -n $gpid ]] && break
    kill -0 "$RUN_PID" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n $gpid ]] && sample "$gpid" "$RUN_DIR/$name.cpu"
  set +e
  wait "$RUN_PID"
  code=$?
  set -e
  RUN_PID=
  local w="0 0 0"
  [[ -s $RUN_DIR/$name.cpu ]] && w=$(window "$RUN_DIR/$name.cpu" "$RAMP" "$BENCH_SECONDS")
  local stats
  stats=$(python3 - "$out/report.json" <<'PY'
import json, sys
try:
    s = json.load(open(sys.argv[1]))["summary"]
    print(s["error rate"], s["p95 (ok)"].replace(" ", ""))
except Exception:
    print("- -")
PY
)
  echo "$code $w $stats" >"$RUN_DIR/$name.result"
}

# run_wrk SECONDS NAME: writes "0 cpu requests seconds - p50" to NAME.result
run_wrk() {
  local secs=$1 name=$2
  PRODUCTS=$PRODUCTS wrk -t "$WRK_THREADS" -c "$WRK_CONNECTIONS" -d "${secs}s" --latency -s "$BENCH_DIR/lua/browse-mix.lua" \
      "$URL" >"$RUN_DIR/$name.log" 2>&1 &
  RUN_PID=$!
  sample "$RUN_PID" "$RUN_DIR/$name.cpu"
  wait "$RUN_PID" || true
  RUN_PID=
  local w p50
  w=$(window "$RUN_DIR/$name.cpu" 0 "$secs")
  p50=$(awk '$1 == "50%" {print $2}' "$RUN_DIR/$name.log")
  echo "0 $w - ${p50:--}" >"$RUN_DIR/$name.result"
}

per_request() { awk -v c="$1" -v n="$2" 'BEGIN { if (n > 0) printf "%.1f", c * 1e6 / n; else printf "-" }'; }
rate_of() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else printf "0" }'; }

{
  echo "# Journey-driven load test vs hand-written chains vs wrk, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(command -v wrk >/dev/null && wrk -v 2>&1 | head -1 | cut -c1-30)."
  echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg). Commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)')."
  echo "Storefront: $PRODUCTS products, heap $SHOP_HEAP, on the same cores as the injector. Think time $THINK."
  echo "Window: the ${BENCH_SECONDS}s hold after a ${RAMP}s ramp, less 1 s at each end; requests as the shop counted them."
  echo "Hand-written mix: $HW_MIX."
  echo
} >"$RUN_DIR/summary.md"

if [[ $WARMUP -gt 0 ]]; then
  log "warming the storefront up: ${WARMUP}s of wrk, then ${WARMUP}s of the journeys at $FIXED_RATE req/s"
  if command -v wrk >/dev/null; then run_wrk "$WARMUP" warmup-wrk; fi
  OLD_HOLD=$BENCH_SECONDS; BENCH_SECONDS=$WARMUP
  run_load journeys "$FIXED_RATE" warmup-journeys
  BENCH_SECONDS=$OLD_HOLD
fi

# ---- part 1: CPU per request at a fixed rate
{
  echo "## Injector CPU per request at $FIXED_RATE req/s"
  echo
  echo "| run | mode | target (req/s) | served in window (req/s) | injector CPU in window (s) | requests in window | CPU per request (µs) | exit | errors | p95 (ok) / wrk p50 |"
  echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >>"$RUN_DIR/summary.md"
declare -A PER
for run in $(seq "$REPEATS"); do
  for mode in $MODES; do
    log "CPU run $run/$REPEATS: $mode"
    if [[ $mode == wrk ]]; then
      run_wrk "$BENCH_SECONDS" "cpu-$mode-$run"
      target="max"
    else
      run_load "$mode" "$FIXED_RATE" "cpu-$mode-$run"
      target=$FIXED_RATE
    fi
    read -r code cpu n secs errors p95 <"$RUN_DIR/cpu-$mode-$run.result"
    per=$(per_request "$cpu" "$n")
    PER[$mode]="${PER[$mode]:-} $per"
    echo "| $run | $mode | $target | $(rate_of "$n" "$secs") | $cpu | $n | $per | $code | $errors | $p95 |" >>"$RUN_DIR/summary.md"
    log "  $mode: $cpu s CPU for $n requests: $per µs each (exit $code)"
  done
done
median() { tr ' ' '\n' | grep -E '^[0-9.]+$' | sort -g | awk '{a[NR] = $1} END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
{
  echo
  echo "| mode | median CPU per request (µs) | vs hand-written |"
  echo "| --- | ---: | ---: |"
  HW_MED=$(echo "${PER[handwritten]:-}" | median)
  for mode in $MODES; do
    med=$(echo "${PER[$mode]:-}" | median)
    ratio=$(awk -v a="$med" -v b="$HW_MED" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", a / b; else printf "-" }')
    echo "| $mode | $med | $ratio |"
  done
  echo
  echo "Target (issue): journey-driven <= 1.5x the hand-written chains' CPU per request."
  echo
} >>"$RUN_DIR/summary.md"

# ---- part 2: highest sustained rate
{
  echo "## Highest sustained rate"
  echo
  echo "| mode | target (req/s) | try | served in window (req/s) | share of target | injector CPU per request (µs) | exit | errors | p95 (ok) | step |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
} >>"$RUN_DIR/summary.md"
declare -A BEST
for mode in $MODES; do
  if [[ $mode == wrk ]]; then
    run_wrk "$BENCH_SECONDS" rate-wrk
    read -r code cpu n secs errors p50 <"$RUN_DIR/rate-wrk.result"
    BEST[wrk]="$(rate_of "$n" "$secs") (closed loop, $WRK_CONNECTIONS connections)"
    echo "| wrk | max | 1 | $(rate_of "$n" "$secs") | - | $(per_request "$cpu" "$n") | 0 | - | p50 $p50 | closed loop |" >>"$RUN_DIR/summary.md"
    continue
  fi
  BEST[$mode]="none of the rates"
  for rate in $RATES; do
    passed=0
    for try in 1 2; do
      log "$mode at $rate req/s (try $try)"
      run_load "$mode" "$rate" "rate-$mode-$rate-$try"
      read -r code cpu n secs errors p95 <"$RUN_DIR/rate-$mode-$rate-$try.result"
      served=$(rate_of "$n" "$secs")
      share=$(awk -v s="$served" -v r="$rate" 'BEGIN { printf "%.2f", s / r }')
      ok=$(awk -v s="$share" -v c="$code" 'BEGIN { print (s >= 0.95 && c == 0) ? 1 : 0 }')
      echo "| $mode | $rate | $try | $served | $share | $(per_request "$cpu" "$n") | $code | $errors | $p95 | $([[ $ok == 1 ]] && echo passed || echo failed) |" >>"$RUN_DIR/summary.md"
      log "  served $served req/s ($share of the target), exit $code, errors $errors, p95 $p95"
      if [[ $ok == 1 ]]; then passed=1; break; fi
    done
    [[ $passed == 1 ]] || break # both tries failed
    BEST[$mode]=$rate
  done
done
{
  echo
  echo "| mode | highest sustained rate (req/s) |"
  echo "| --- | ---: |"
  for mode in $MODES; do echo "| $mode | ${BEST[$mode]} |"; done
  echo
  echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
} >>"$RUN_DIR/summary.md"
cat "$RUN_DIR/summary.md"
log "results in $RUN_DIR"
