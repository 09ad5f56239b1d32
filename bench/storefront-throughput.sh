#!/usr/bin/env bash
# Storefront throughput: starts the reference storefront on 127.0.0.1 and measures it with wrk.
#
#   bench/storefront-throughput.sh
#
# Scenarios (each: 5 s warm-up runs until requests/s is steady, thrown away; then one measured run
# of fixed length):
#   home      GET /
#   category  GET /category/{slug}?page=1..5     (bench/lua/category.lua)
#   product   GET /product/{1..3000}             (bench/lua/product.lua)
#   search    GET /search?q={word}               (bench/lua/search.lua)
#   checkout  POST /cart/add + POST /checkout by signed-in shoppers, one connection per session
#             (bench/lua/checkout.lua); reports orders/s
#
# Knobs (environment): DURATION=15s WARMUP=5s WARMUP_MAX_RUNS=12 CONNECTIONS=16 THREADS=2 SESSIONS=8 HEAP=512m
# PRODUCTS=3000 SCENARIOS="home category product search checkout" SKIP_BUILD=1
#
# Raw output goes to bench/results/storefront-<timestamp>/ (gitignored); the summary table is
# printed and saved there as summary.md. All traffic goes to 127.0.0.1; every run is bounded.
set -euo pipefail

DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
SESSIONS=${SESSIONS:-8}
HEAP=${HEAP:-512m}
PRODUCTS=${PRODUCTS:-3000}
SCENARIOS=${SCENARIOS:-home category product search checkout}
TIMEOUT=${TIMEOUT:-10s}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
cd "$ROOT"
JAR=target/headroom.jar
RUN_DIR="$BENCH_DIR/results/storefront-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
ln -sfn "$(basename "$RUN_DIR")" "$BENCH_DIR/results/storefront-latest"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---- tools ------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "wrk is missing; installing the Debian package"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y wrk >/dev/null 2>&1 || { $SUDO apt-get update -q && $SUDO apt-get install -y wrk; }
fi
for tool in curl java awk sed grep; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required"
done

# ---- build the jar if it is missing or older than the sources ----------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -type f -print -quit)" ]; then
    log "building $JAR"
    mvn -q -B -o -DskipTests package
  fi
fi
[ -f "$JAR" ] || die "$JAR not found"

# ---- start the storefront ---------------------------------------------------------------------
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  rm -f "$RUN_DIR/cookies."*
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAVA_OPTS=(-Xms"$HEAP" -Xmx"$HEAP" -Xlog:gc:file="$RUN_DIR/gc.log")
# --port 0: the storefront binds a free port itself and prints it, so there is no pick-then-bind race.
log "starting: java ${JAVA_OPTS[*]} -jar $JAR storefront --port 0 --bind 127.0.0.1 --products $PRODUCTS"
java "${JAVA_OPTS[@]}" -jar "$JAR" storefront --port 0 --bind 127.0.0.1 --products "$PRODUCTS" \
  >"$RUN_DIR/server.out" 2>"$RUN_DIR/server.err" &
SERVER_PID=$!

BASE=""
for _ in $(seq 1 600); do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$RUN_DIR/server.err" >&2; die "the storefront exited during start"; }
  BASE=$(sed -n 's#^  shop: *\(http://127\.0\.0\.1:[0-9]*\)/$#\1#p' "$RUN_DIR/server.out" | head -n1)
  if [ -n "$BASE" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health")" = 200 ]; then
    break
  fi
  BASE=""
  sleep 0.1
done
[ -n "$BASE" ] || die "the storefront did not become healthy within 60 s"
log "storefront up at $BASE (pid $SERVER_PID): $(curl -s "$BASE/health")"

# ---- machine and run description --------------------------------------------------------------
{
  echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu:       $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
  echo "cores:     $(nproc)"
  echo "memory:    $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "java:      $(java -version 2>&1 | head -n1)"
  echo "wrk:       $(wrk -v 2>&1 | head -n1 | awk '{print $2}')"
  echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at start)"
  echo "git:       $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "server:    java ${JAVA_OPTS[*]} -jar $JAR storefront --port 0 --bind 127.0.0.1 --products $PRODUCTS"
  echo "settings:  DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS THREADS=$THREADS SESSIONS=$SESSIONS"
} >"$RUN_DIR/env.txt"

# ---- CPU accounting: how much of the 2 cores went to the server (the rest is mostly wrk) -------
CLK_TCK=$(getconf CLK_TCK)
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; } # utime + stime (java's name has no spaces)
client_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; } # children this shell waited for: wrk
machine_ticks() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8; print busy, busy + $5 + $6}' /proc/stat; }

metric() { # a counter from /metrics, summed over its series
  curl -s "$BASE/metrics" | awk -v m="$1" '$1 ~ "^"m"({|$)" {s += $2} END {printf "%d", s}'
}

# ---- signed-in sessions for the checkout scenario --------------------------------------------
csrf_of() { grep -o 'name="_csrf" value="[^"]*"' | head -n1 | sed 's/.*value="\([^"]*\)"/\1/'; }

sign_in_sessions() {
  local n=$1 out=$2 i jar csrf status cookie
  echo "return {" >"$out"
  for i in $(seq 1 "$n"); do
    jar="$RUN_DIR/cookies.$i"
    csrf=$(curl -s -c "$jar" -b "$jar" "$BASE/signin" | csrf_of)
    [ -n "$csrf" ] || die "no CSRF token on /signin"
    # Twenty demo shoppers; more sessions than that reuse them (each session has its own cart).
    status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
      --data-urlencode "_csrf=$csrf" --data-urlencode "email=shopper$(( (i - 1) % 20 + 1 ))@example.test" \
      --data-urlencode "password=shop-secret" --data-urlencode "next=/" "$BASE/signin")
    [ "$status" = 303 ] || die "sign-in $i answered $status"
    cookie=$(awk '$6 == "HRSESSION" {print $7}' "$jar" | tail -n1)
    # The token is per session and the session id changed at sign-in: read it again.
    csrf=$(curl -s -b "$jar" "$BASE/cart" | csrf_of)
    [ -n "$cookie" ] && [ -n "$csrf" ] || die "no session cookie or CSRF token after sign-in $i"
    printf '  { cookie = "%s", csrf = "%s" },\n' "$cookie" "$csrf" >>"$out"
  done
  echo "}" >>"$out"
}

# ---- one scenario -----------------------------------------------------------------------------
SUMMARY="$RUN_DIR/summary.md"
{
  echo "| scenario | wrk threads/conns | requests/s | p50 | p99 | non-2xx/3xx | socket errors | cores: server / wrk / other | notes |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
} >"$SUMMARY"

# A fresh JVM on two cores needs tens of seconds of traffic before C2 has compiled the hot paths
# (the home page climbs from ~1k to ~15k requests/s over ~30 s), so a fixed 5 s warm-up would
# measure the JIT, not the shop. Warm-up therefore repeats 5 s runs until requests/s moves less
# than 10 % twice in a row (bounded: WARMUP_MAX_RUNS), and logs the curve to warmup.csv.
WARMUP_MAX_RUNS=${WARMUP_MAX_RUNS:-12}
STEADY_RUNS=${STEADY_RUNS:-2} # consecutive runs within 10 % of the one before
echo "scenario,run,requests_per_s" >"$RUN_DIR/warmup.csv"
warm_up() { # name max_runs wrk-args...
  local name=$1 max=$2 run prev="" rps steady=0
  shift 2
  for run in $(seq 1 "$max"); do
    wrk "$@" -d "$WARMUP" >"$RUN_DIR/$name.warmup.txt" 2>&1
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$RUN_DIR/$name.warmup.txt")
    echo "$name,$run,$rps" >>"$RUN_DIR/warmup.csv"
    if [ -n "$prev" ] && awk -v a="$prev" -v b="$rps" 'BEGIN {d = (b - a) / a; exit !(d < 0.1 && d > -0.1)}'; then
      steady=$((steady + 1))
    else
      steady=0
    fi
    log "$name: warm-up run $run: $rps requests/s"
    if [ "$steady" -ge "$STEADY_RUNS" ]; then
      log "$name: warm-up steady after $run x $WARMUP"
      return
    fi
    prev=$rps
  done
  log "$name: warm-up not steady after $max x $WARMUP; measuring anyway"
}

run_wrk() { # name threads conns target [script]
  local name=$1 t=$2 c=$3 target=$4 script=${5:-}
  local args=(-t "$t" -c "$c" --timeout "$TIMEOUT" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  warm_up "$name" "$WARMUP_MAX_RUNS" "${args[@]}" "$target"
  local s0 m0 s1 m1
  s0=$(server_ticks); m0=$(machine_ticks); c0=$(client_ticks)
  log "$name: wrk ${args[*]} -d $DURATION $target"
  wrk "${args[@]}" -d "$DURATION" "$target" >"$RUN_DIR/$name.txt" 2>&1
  s1=$(server_ticks); m1=$(machine_ticks); c1=$(client_ticks)
  echo "$s0 $s1 $m0 $m1 $c0 $c1" >"$RUN_DIR/$name.cpu"
}

row() { # name threads conns notes
  local name=$1 t=$2 c=$3 notes=${4:-} f="$RUN_DIR/$1.txt"
  local rps p50 p99 non socket cpu
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$f")
  p50=$(awk '$1 == "50%" {print $2}' "$f")
  p99=$(awk '$1 == "99%" {print $2}' "$f")
  non=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$f"); non=${non:-0}
  socket=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$f"); socket=${socket:-0}
  # server cores used, machine cores busy over the measured run
  # .cpu holds: server ticks before/after, machine busy/total ticks before, busy/total after,
  # wrk ticks before/after. Cores used = ticks / (total ticks / cores); "other" is everything else.
  cpu=$(awk -v n="$(nproc)" '{t = ($6 - $4) / n; sv = ($2 - $1) / t; mc = ($5 - $3) / t; wk = ($8 - $7) / t;
        printf "%.2f %.2f %.2f", sv, wk, mc - sv - wk}' "$RUN_DIR/$name.cpu")
  local server_cpu wrk_cpu other_cpu
  read -r server_cpu wrk_cpu other_cpu <<<"$cpu"
  printf '| %s | %s/%s | %s | %s | %s | %s | %s | %s / %s / %s | %s |\n' "$name" "$t" "$c" "$rps" "$p50" "$p99" \
    "$non" "$socket" "$server_cpu" "$wrk_cpu" "$other_cpu" "$notes" >>"$SUMMARY"
}

# The JIT first: rounds over the page scenarios before anything is measured (a plateau at cold
# speed can look steady for 10 s, so steadiness alone is not enough).
JVM_WARMUP_ROUNDS=${JVM_WARMUP_ROUNDS:-3}
for round in $(seq 1 "$JVM_WARMUP_ROUNDS"); do
  for page in home category product search; do
    script=""
    [ "$page" = home ] || script="$BENCH_DIR/lua/$page.lua"
    PRODUCTS=$PRODUCTS wrk -t "$THREADS" -c "$CONNECTIONS" --timeout "$TIMEOUT" ${script:+-s "$script"} -d "$WARMUP" \
      "$BASE/" >"$RUN_DIR/jvm-warmup.txt" 2>&1
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$RUN_DIR/jvm-warmup.txt")
    echo "jvm-warmup-$page,$round,$rps" >>"$RUN_DIR/warmup.csv"
    log "JVM warm-up round $round: $page $rps requests/s"
  done
done

for scenario in $SCENARIOS; do
  case $scenario in
    home) run_wrk home "$THREADS" "$CONNECTIONS" "$BASE/"; row home "$THREADS" "$CONNECTIONS" ;;
    category) PRODUCTS=$PRODUCTS run_wrk category "$THREADS" "$CONNECTIONS" "$BASE" "$BENCH_DIR/lua/category.lua"
      row category "$THREADS" "$CONNECTIONS" "5 pages x 12 categories" ;;
    product) PRODUCTS=$PRODUCTS run_wrk product "$THREADS" "$CONNECTIONS" "$BASE" "$BENCH_DIR/lua/product.lua"
      row product "$THREADS" "$CONNECTIONS" "ids 1..$PRODUCTS" ;;
    search) run_wrk search "$THREADS" "$CONNECTIONS" "$BASE" "$BENCH_DIR/lua/search.lua"
      row search "$THREADS" "$CONNECTIONS" "20 words, LIKE scan" ;;
    checkout)
      # Separate sessions for warm-up and measured run, so the measured run starts with empty carts.
      sign_in_sessions "$SESSIONS" "$RUN_DIR/sessions.lua"
      log "checkout: $SESSIONS signed-in sessions"
      orders0=$(metric storefront_orders_placed_total)
      export SESSIONS_LUA="$RUN_DIR/sessions.lua" PRODUCTS
      # At most 2 warm-up runs: each one sells stock (~67,000 units in all for 3000 products) that
      # the measured run then can't.
      STEADY_RUNS=1 warm_up checkout 2 -t "$SESSIONS" -c "$SESSIONS" --timeout "$TIMEOUT" --latency -s "$BENCH_DIR/lua/checkout.lua" "$BASE"
      # The warm-up may have left a line in a cart (a run stops mid-path): start over with fresh sessions.
      sign_in_sessions "$SESSIONS" "$RUN_DIR/sessions.lua"
      orders1=$(metric storefront_orders_placed_total)
      s0=$(server_ticks); m0=$(machine_ticks); c0=$(client_ticks)
      log "checkout: wrk -t $SESSIONS -c $SESSIONS --timeout $TIMEOUT --latency -s bench/lua/checkout.lua -d $DURATION $BASE"
      wrk -t "$SESSIONS" -c "$SESSIONS" --timeout "$TIMEOUT" --latency -s "$BENCH_DIR/lua/checkout.lua" -d "$DURATION" "$BASE" \
        >"$RUN_DIR/checkout.txt" 2>&1
      s1=$(server_ticks); m1=$(machine_ticks); c1=$(client_ticks)
      echo "$s0 $s1 $m0 $m1 $c0 $c1" >"$RUN_DIR/checkout.cpu"
      orders2=$(metric storefront_orders_placed_total)
      bench=$(grep '^BENCH ' "$RUN_DIR/checkout.txt" || true)
      [ -n "$bench" ] || { cat "$RUN_DIR/checkout.txt" >&2; die "checkout.lua printed no summary"; }
      val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$bench"; }
      echo "orders counted by the shop's /metrics: warm-up $((orders1 - orders0)), measured run $((orders2 - orders1))" \
        >>"$RUN_DIR/checkout.txt"
      row checkout "$SESSIONS" "$SESSIONS" "$(val orders_per_s) orders/s ($(val orders) orders, shop counted $((orders2 - orders1))); POST /checkout p50 $(val checkout_p50_ms)ms p99 $(val checkout_p99_ms)ms; 409s: add $(val add_409), checkout $(val checkout_409); other $(val other)"
      ;;
    *) die "unknown scenario $scenario" ;;
  esac
done

# ---- what the server said ----------------------------------------------------------------------
errors=$(grep -c ' ERROR ' "$RUN_DIR/server.err" || true)
{
  echo
  echo "Server log: $errors ERROR lines (see server.err). Heap: -Xms$HEAP -Xmx$HEAP."
  echo "requests/s, p50 and p99 are wrk's; for checkout they mix the add, checkout (and remove) requests."
  echo "cores = CPU used during the measured run, out of $(nproc): the storefront process, wrk, and everything else on the machine."
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} >>"$SUMMARY"

echo
cat "$RUN_DIR/env.txt"
echo
cat "$SUMMARY"
if [ -f "$RUN_DIR/checkout.txt" ]; then
  echo
  sed -n '/^Responses by step/,/^Orders placed/p' "$RUN_DIR/checkout.txt"
  tail -n1 "$RUN_DIR/checkout.txt"
fi
echo
log "raw output in ${RUN_DIR#"$ROOT"/}"
