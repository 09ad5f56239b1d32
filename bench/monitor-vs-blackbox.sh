#!/usr/bin/env bash
# The monitor against Debian's prometheus-blackbox-exporter on the same HTTP probes (issue 14):
# five probes every 10 s against five loopback pages, side by side, for MINUTES minutes each.
#
#   bench/monitor-vs-blackbox.sh
#
# Pages: python3's http.server on 127.0.0.1 serving five small HTML files (its cost is not counted).
# blackbox_exporter is driven the way Prometheus drives it: one loop per target that GETs
# /probe?target=...&module=http_2xx every 10 s (staggered by 2 s, as Prometheus spreads scrapes).
# The monitor runs the same five URLs as probe checks (interval 10 s) and, to be fair, its /metrics
# is fetched every 10 s too (Prometheus scraping it; blackbox's /probe answer is its scrape).
# The two run one after the other, not at once, so neither steals the other's core.
#
# Measured per process: resident memory (VmRSS from /proc/PID/status every 2 s: the peak, and the
# steady value = median of the samples after WARMUP), and CPU per probe = utime+stime (from
# /proc/PID/stat, ticks of 1/CLK_TCK s) over the span after WARMUP / probes run in that span; the
# whole-run figure (startup included) is given too. With STEADY=SECONDS, the same two figures also
# from that moment on: a JVM's C1 compiles a method once it has run ~200 times, so at 10 s intervals
# the probe path runs partly interpreted for the first minutes; STEADY says what the monitor costs
# once that is over (it runs for months), WARMUP what it costs in its first minutes.
#
# Knobs (environment): MINUTES=3 (DURATION=SECONDS overrides it) WARMUP=30 STEADY=(unset) INTERVAL=10 SKIP_BUILD=1 SCRAPE_MONITOR=1
#   BLACKBOX_MINUTES=MINUTES (blackbox_exporter has no warm-up: a shorter run of it is as good)
#   MONITOR_PROFILES="launcher|" (NAME|JVM options; "launcher" runs ./headroom monitor, i.e. the
#   launcher's own options; any other profile runs java OPTIONS -jar target/headroom.jar monitor),
#   e.g. MONITOR_PROFILES="launcher|;defaults|-XX:+UseSerialGC" ; BLACKBOX=1 (0 skips it)
# Results: bench/results/monitor-vs-blackbox-<timestamp>/ (gitignored), summary.md printed.
# All traffic goes to 127.0.0.1; every run is bounded by MINUTES.
set -euo pipefail

MINUTES=${MINUTES:-3}
WARMUP=${WARMUP:-30}
STEADY=${STEADY:-}
INTERVAL=${INTERVAL:-10}
SCRAPE_MONITOR=${SCRAPE_MONITOR:-1}
BLACKBOX=${BLACKBOX:-1}
MONITOR_PROFILES=${MONITOR_PROFILES:-"launcher|"}
EXPORTER=/usr/bin/prometheus-blackbox-exporter

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" monitor-vs-blackbox
JAR=target/headroom.jar
DURATION=${DURATION:-$((MINUTES * 60))}
BLACKBOX_DURATION=$(( ${BLACKBOX_MINUTES:-0} > 0 ? BLACKBOX_MINUTES * 60 : DURATION ))

if [[ $BLACKBOX == 1 && ! -x $EXPORTER ]]; then
  log "missing $EXPORTER: apt-get install -y prometheus-blackbox-exporter"; exit 2
fi
if [[ -z ${SKIP_BUILD:-} ]]; then
  log "building $JAR"
  mvn -B -q -ntp -DskipTests package
fi

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# Five small pages, ~2-6 KiB each, like a shop's health and landing pages.
mkdir -p "$RUN_DIR/pages"
for i in 1 2 3 4 5; do
  { echo "<!doctype html><html><head><title>Page $i</title></head><body><h1>Welcome to page $i</h1>"
    for _ in $(seq $((i * 20))); do echo "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>"; done
    echo "</body></html>"; } >"$RUN_DIR/pages/p$i.html"
done
PAGE_PORT=$(free_port)
python3 -m http.server "$PAGE_PORT" --bind 127.0.0.1 --directory "$RUN_DIR/pages" >"$RUN_DIR/pages.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 40); do curl -fs "http://127.0.0.1:$PAGE_PORT/p1.html" >/dev/null 2>&1 && break; sleep 0.25; done
TARGETS=()
for i in 1 2 3 4 5; do TARGETS+=("http://127.0.0.1:$PAGE_PORT/p$i.html"); done
log "pages on 127.0.0.1:$PAGE_PORT"

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
threads() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }

# measure NAME PID PROBE_COUNT_FUNCTION [SECONDS]: samples PID until it exits or SECONDS (DURATION)
# pass; appends a row.
measure() {
  local name=$1 pid=$2 count_fn=$3 duration=${4:-$DURATION}
  local t0 now peak=0 r thr=0 start_ticks="" start_probes=0 end_ticks=0 end_probes=0 start_s=0 end_s=0
  local steady_ticks="" steady_probes=0
  t0=$(date +%s)
  : >"$RUN_DIR/rss-$name.txt"
  : >"$RUN_DIR/rss-steady-$name.txt"
  while kill -0 "$pid" 2>/dev/null; do
    now=$(date +%s)
    (( now - t0 >= duration )) && break
    r=$(rss_kib "$pid" 2>/dev/null || echo 0)
    if [[ -n $r && $r -gt 0 ]]; then
      thr=$(threads "$pid" 2>/dev/null || echo "$thr")
      ((r > peak)) && peak=$r
      if (( now - t0 >= WARMUP )); then
        echo "$r" >>"$RUN_DIR/rss-$name.txt"
        if [[ -z $start_ticks ]]; then start_ticks=$(cpu_ticks "$pid"); start_probes=$($count_fn); start_s=$now; fi
      fi
      if [[ -n $STEADY ]] && (( now - t0 >= STEADY )); then
        echo "$r" >>"$RUN_DIR/rss-steady-$name.txt"
        if [[ -z $steady_ticks ]]; then steady_ticks=$(cpu_ticks "$pid"); steady_probes=$($count_fn); fi
      fi
      end_ticks=$(cpu_ticks "$pid" 2>/dev/null || echo "$end_ticks"); end_probes=$($count_fn); end_s=$now
    fi
    printf '\r[bench] %s: %3ds  RSS %4d MiB (peak %4d)  threads %s  probes %s ' "$name" $((now - t0)) $((r / 1024)) $((peak / 1024)) "$thr" "$end_probes" >&2
    sleep 2
  done
  echo >&2
  local steady late
  median() { sort -n "$1" | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print 0}'; }
  steady=$(median "$RUN_DIR/rss-$name.txt")
  late=$(median "$RUN_DIR/rss-steady-$name.txt")
  awk -v n="$name" -v a="$start_ticks" -v b="$end_ticks" -v pa="$start_probes" -v pb="$end_probes" -v hz="$CLK_TCK" \
      -v peak="$peak" -v steady="$steady" -v thr="$thr" -v s="$start_s" -v e="$end_s" -v tot="$end_ticks" -v ptot="$end_probes" \
      -v sa="${steady_ticks:-}" -v spa="$steady_probes" -v late="$late" \
      'BEGIN {
         d = pb - pa; ms = (d > 0) ? sprintf("%.2f", 1000 * (b - a) / hz / d) : "n/a";
         all = (ptot > 0) ? sprintf("%.2f", 1000 * tot / hz / ptot) : "n/a";
         sd = pb - spa; sms = (sa != "" && sd > 0) ? sprintf("%.2f (%d ticks / %d probes)", 1000 * (b - sa) / hz / sd, b - sa, sd) : "n/a";
         lr = (late > 0) ? sprintf("%.1f", late / 1024) : "n/a";
         printf "| %s | %d | %.1f | %.1f | %s | %s | %d s | %d | %d | %s | %s | %s |\n", n, ptot, peak/1024, steady/1024, lr, thr, e - s, d, b - a, ms, sms, all
       }' >>"$RUN_DIR/summary.md"
}

{
  echo "# Monitor vs blackbox_exporter, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), blackbox_exporter $($EXPORTER --version 2>&1 | awk 'NR==1 {print $3}'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Five HTTP probes every ${INTERVAL}s against loopback pages, ${DURATION} s per monitor, ${BLACKBOX_DURATION} s for blackbox_exporter, measured after ${WARMUP}s${STEADY:+ and after ${STEADY}s (steady)}; CLK_TCK=$CLK_TCK (CPU resolution $((1000 / CLK_TCK)) ms)."
  echo
  echo "| process | probes (all) | peak RSS (MiB) | RSS (MiB, median after warm-up) | RSS (MiB, median after STEADY) | threads | measured span | probes in span | CPU ticks in span | CPU per probe (ms, after warm-up) | CPU per probe (ms, after STEADY) | CPU per probe (ms, whole run incl. startup) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
} >"$RUN_DIR/summary.md"

# --- blackbox_exporter, driven like Prometheus
if [[ $BLACKBOX == 1 ]]; then
  cat >"$RUN_DIR/blackbox.yml" <<'YAML'
modules:
  http_2xx:
    prober: http
    timeout: 5s
    http: {preferred_ip_protocol: ip4}
YAML
  BB_PORT=$(free_port)
  $EXPORTER --config.file="$RUN_DIR/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" >"$RUN_DIR/blackbox.log" 2>&1 &
  BB_PID=$!
  PIDS+=("$BB_PID")
  for _ in $(seq 40); do curl -fs "http://127.0.0.1:$BB_PORT/-/healthy" >/dev/null 2>&1 && break; sleep 0.25; done
  : >"$RUN_DIR/blackbox-probes.txt"
  drivers=()
  for i in "${!TARGETS[@]}"; do
    (
      sleep $((i * 2))
      while true; do
        next=$(( $(date +%s) + INTERVAL ))
        curl -s -o "$RUN_DIR/blackbox-last-$i.txt" "http://127.0.0.1:$BB_PORT/probe?target=${TARGETS[$i]}&module=http_2xx" \
          && echo "$(date +%s) $i" >>"$RUN_DIR/blackbox-probes.txt"
        sleep $(( next - $(date +%s) > 0 ? next - $(date +%s) : 0 ))
      done
    ) &
    drivers+=($!); PIDS+=($!)
  done
  bb_count() { wc -l <"$RUN_DIR/blackbox-probes.txt"; }
  log "blackbox_exporter on 127.0.0.1:$BB_PORT for ${BLACKBOX_DURATION} s"
  measure "blackbox_exporter" "$BB_PID" bb_count "$BLACKBOX_DURATION"
  for d in "${drivers[@]}"; do kill "$d" 2>/dev/null || true; done
  kill "$BB_PID" 2>/dev/null || true
  wait "$BB_PID" 2>/dev/null || true
  grep -q '^probe_success 1' "$RUN_DIR/blackbox-last-0.txt" || log "WARNING: blackbox's last probe did not succeed"
fi

# --- the monitor, one run per profile
{
  echo "defaults: {interval: ${INTERVAL}s, timeout: 5s}"
  echo "checks:"
  for i in "${!TARGETS[@]}"; do echo "  - {name: page-$((i + 1)), probe: '${TARGETS[$i]}'}"; done
} >"$RUN_DIR/monitor.yaml"

IFS=';' read -ra PROFILE_LIST <<<"$MONITOR_PROFILES"
for profile in "${PROFILE_LIST[@]}"; do
  [[ -n $profile ]] || continue # MONITOR_PROFILES="": blackbox_exporter alone
  name=${profile%%|*}
  opts=${profile#*|}
  MON_PORT=$(free_port)
  if [[ $name == launcher ]]; then
    # shellcheck disable=SC2086
    HEADROOM_JAVA_OPTS="$opts" ./headroom monitor --config "$RUN_DIR/monitor.yaml" --port "$MON_PORT" \
        --duration "$((DURATION + 30))s" --out "$RUN_DIR/reports-$name" >"$RUN_DIR/monitor-$name.log" 2>&1 &
  else
    # shellcheck disable=SC2086
    java $opts -jar "$JAR" monitor --config "$RUN_DIR/monitor.yaml" --port "$MON_PORT" \
        --duration "$((DURATION + 30))s" --out "$RUN_DIR/reports-$name" >"$RUN_DIR/monitor-$name.log" 2>&1 &
  fi
  pid=$!
  PIDS+=("$pid")
  scraper=""
  if [[ $SCRAPE_MONITOR == 1 ]]; then
    ( sleep 5; while true; do curl -s -o /dev/null "http://127.0.0.1:$MON_PORT/metrics"; sleep "$INTERVAL"; done ) &
    scraper=$!; PIDS+=("$scraper")
  fi
  mon_log="$RUN_DIR/monitor-$name.log"
  mon_count() { grep -cE '^[0-9TZ:-]+ +(PASSED|DEGRADED|FAILED|ERROR) ' "$mon_log" || true; }
  log "monitor ($name: ${opts:-no extra options}) on 127.0.0.1:$MON_PORT for ${MINUTES} min"
  measure "monitor ($name)" "$pid" mon_count
  [[ -n $scraper ]] && kill "$scraper" 2>/dev/null
  curl -s "http://127.0.0.1:$MON_PORT/metrics" >"$RUN_DIR/monitor-$name-metrics.txt" || true
  grep -q 'probe_success{.*} 1' "$RUN_DIR/monitor-$name-metrics.txt" || log "WARNING: no successful probe in the monitor's /metrics"
  failed=$(grep -cE '^[0-9TZ:-]+ +(FAILED|ERROR) ' "$RUN_DIR/monitor-$name.log" || true)
  [[ $failed == 0 ]] || log "WARNING: $failed failed probe runs in monitor-$name.log"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "- monitor ($name) JVM options: \`${opts:-launcher defaults}\`; failed runs: $failed" >>"$RUN_DIR/notes.md"
done

echo >>"$RUN_DIR/summary.md"
[[ -f $RUN_DIR/notes.md ]] && cat "$RUN_DIR/notes.md" >>"$RUN_DIR/summary.md"
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN_DIR/summary.md"
cat "$RUN_DIR/summary.md"
log "results in $RUN_DIR"
