#!/usr/bin/env bash
# Monitor footprint: resident memory and CPU of `headroom monitor` while it runs the shipped
# journeys (browse-and-search, checkout, inventory) every 10 s against the reference storefront.
#
#   bench/monitor-footprint.sh
#
# The storefront runs in its own JVM (its cost is not counted). Each JVM setting in PROFILES runs
# the monitor for DURATION seconds; the first WARMUP seconds (class loading, JIT) are not counted in
# the CPU figure. RSS is sampled from /proc every 2 s (peak and last); CPU is utime+stime from
# /proc/PID/stat over the measured span, as a share of one core.
#
# Knobs (environment): DURATION=300 WARMUP=30 INTERVAL=10s SKIP_BUILD=1
#   PROFILES="default|  lean|-Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m"
# Results: bench/results/monitor-footprint-<timestamp>/ (gitignored), summary.md printed.
# All traffic goes to 127.0.0.1; every run is bounded by DURATION.
set -euo pipefail

DURATION=${DURATION:-300}
WARMUP=${WARMUP:-30}
INTERVAL=${INTERVAL:-10s}
PROFILES=${PROFILES:-"default|;lean|-Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m"}

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" monitor-footprint
JAR=target/headroom.jar

if [[ -z ${SKIP_BUILD:-} ]]; then
  log "building $JAR"
  mvn -B -q -ntp -DskipTests package
fi

SHOP_PORT=$(free_port)
java -Xmx512m -jar "$JAR" storefront --port "$SHOP_PORT" --products 3000 >"$RUN_DIR/storefront.log" 2>&1 &
SHOP_PID=$!
PIDS=("$SHOP_PID")
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:$SHOP_PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
log "storefront on 127.0.0.1:$SHOP_PORT"

MONITORS="$ROOT/monitors"
cat >"$RUN_DIR/monitor.yaml" <<YAML
# The shipped journeys every $INTERVAL against the reference storefront.
defaults: {interval: $INTERVAL, jitter: 1s, timeout: 60s}
checks:
  - {name: browse-and-search, journey: $MONITORS/browse-and-search.yaml}
  - {name: checkout, journey: $MONITORS/checkout.yaml, envFile: $MONITORS/reference-storefront.env}
  - {name: inventory, journey: $MONITORS/inventory.yaml, envFile: $MONITORS/reference-storefront.env}
YAML

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }

{
  echo "# Monitor footprint, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)."
  echo "Shipped journeys every $INTERVAL, ${DURATION}s per profile, CPU counted after ${WARMUP}s of warm-up."
  echo
  echo "| profile | JVM options | runs | failed runs | peak RSS (MiB) | RSS at end (MiB) | threads | CPU (% of one core) |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$RUN_DIR/summary.md"

IFS=';' read -ra PROFILE_LIST <<<"$PROFILES"
for profile in "${PROFILE_LIST[@]}"; do
  name=${profile%%|*}
  opts=${profile#*|}
  log "profile $name: ${opts:-(JVM defaults)} for ${DURATION}s"
  # shellcheck disable=SC2086
  java $opts -jar "$JAR" monitor --config "$RUN_DIR/monitor.yaml" --target "http://127.0.0.1:$SHOP_PORT" \
      --port 0 --duration "${DURATION}s" >"$RUN_DIR/monitor-$name.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  peak=0; start_ticks=""; start_s=0; last=0; thr=0
  t0=$(date +%s)
  while kill -0 "$pid" 2>/dev/null; do
    now=$(date +%s)
    r=$(rss_kib "$pid" 2>/dev/null || echo 0)
    if [[ -n $r && $r -gt 0 ]]; then
      last=$r; thr=$(threads "$pid" 2>/dev/null || echo "$thr")
      ((r > peak)) && peak=$r
      if [[ -z $start_ticks && $((now - t0)) -ge $WARMUP ]]; then start_ticks=$(cpu_ticks "$pid"); start_s=$now; fi
      if [[ -n $start_ticks ]]; then end_ticks=$(cpu_ticks "$pid" 2>/dev/null || echo "$end_ticks"); end_s=$now; fi
    fi
    printf '\r[bench] %s: %3ds  RSS %4d MiB (peak %4d)  threads %s ' "$name" $((now - t0)) $((last / 1024)) $((peak / 1024)) "$thr" >&2
    sleep 2
  done
  echo >&2
  wait "$pid" || true
  runs=$(grep -cE '^[0-9TZ:-]+ +(PASSED|DEGRADED|FAILED|ERROR) ' "$RUN_DIR/monitor-$name.log" || true)
  failed=$(grep -cE '^[0-9TZ:-]+ +(FAILED|ERROR) ' "$RUN_DIR/monitor-$name.log" || true)
  cpu=$(awk -v a="$start_ticks" -v b="$end_ticks" -v s="$start_s" -v e="$end_s" -v hz="$CLK_TCK" \
      'BEGIN { if (e > s) printf "%.2f", 100 * (b - a) / hz / (e - s); else print "n/a" }')
  printf '| %s | `%s` | %s | %s | %.0f | %.0f | %s | %s |\n' "$name" "${opts:-JVM defaults}" "$runs" "$failed" \
      "$(awk -v k="$peak" 'BEGIN{print k/1024}')" "$(awk -v k="$last" 'BEGIN{print k/1024}')" "$thr" "$cpu" >>"$RUN_DIR/summary.md"
done

cat "$RUN_DIR/summary.md"
log "results in $RUN_DIR"
