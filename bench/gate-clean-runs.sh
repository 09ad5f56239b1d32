#!/usr/bin/env bash
# The release gate on a clean reference storefront, RUNS times in a row: how many runs fail although
# nothing is wrong (false failures; target 0), and the gate's wall time (target: the default gate
# under 3 minutes on a 2-core machine, most of it the load stage).
#
#   bench/gate-clean-runs.sh                  # 10 runs of the shipped shop file's gate
#   RUNS=3 PRODUCTS=1000 bench/gate-clean-runs.sh
#
# Each run is `./headroom gate --config monitors/headroom.yaml --target SHOP` as shipped (crawl,
# every journey 3 times, a 1-minute load test at 5x the peak, the origins), into its own folder; the
# first clean run is also kept as the baseline of the later ones (--baseline), so a false
# "regression" counts as a false failure too. Knobs: RUNS=10 PRODUCTS=3000 SHOP_HEAP=1g SKIP_BUILD=1
# BASELINE=1 (0: no baseline). Results: bench/results/gate-clean-runs-<timestamp>/ (gitignored),
# summary.md printed. All traffic goes to 127.0.0.1; every run is bounded by the gate's own caps.
set -euo pipefail
RUNS=${RUNS:-10}
PRODUCTS=${PRODUCTS:-3000}
SHOP_HEAP=${SHOP_HEAP:-1g}
BASELINE=${BASELINE:-1}

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" gate-clean-runs
[[ -n ${SKIP_BUILD:-} ]] || { log "building (mvn -DskipTests package)"; mvn -B -q -ntp -DskipTests package; }

port=$(free_port)
log "storefront on 127.0.0.1:$port ($PRODUCTS products)"
java -Xms"$SHOP_HEAP" -Xmx"$SHOP_HEAP" -jar target/headroom.jar storefront --port "$port" --products "$PRODUCTS" \
    > "$RUN_DIR/storefront.log" 2>&1 &
shop_pid=$!
trap 'kill "$shop_pid" 2>/dev/null || true; wait "$shop_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.5; done
target="http://127.0.0.1:$port"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
false_failures=0
times=()
for i in $(seq 1 "$RUNS"); do
  out="$RUN_DIR/run-$i"
  args=(gate --config monitors/headroom.yaml --target "$target" --out "$out")
  if [[ $BASELINE == 1 && -f "$RUN_DIR/run-1/report.json" ]]; then args+=(--baseline "$RUN_DIR/run-1/report.json"); fi
  start=$(date +%s.%N)
  set +e
  ./headroom "${args[@]}" > "$out.log" 2>&1
  code=$?
  set -e
  secs=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
  times+=("$secs")
  failed="-"
  if [[ $code != 0 ]]; then
    false_failures=$((false_failures + 1))
    failed=$(python3 - "$out/report.json" <<'PY' 2>/dev/null || echo "exit $code, no report"
import json, sys
r = json.load(open(sys.argv[1]))
bad = [c for c in r.get("cases", []) if c.get("status") in ("FAILED", "ERROR")]
print("; ".join(f"{c.get('suite')}: {c.get('name')}: {c.get('message', '')[:80]}" for c in bad[:3]) or "exit code only")
PY
)
  fi
  log "run $i: exit $code in ${secs}s ${failed}"
  rows+=("| $i | $code | $secs | $failed |")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
max=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
{
  echo "# The release gate, $RUNS clean runs in a row, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1). Load average before: $load_before, after: $load_after."
  echo "Commit $(git rev-parse --short HEAD). Storefront: $PRODUCTS products, heap $SHOP_HEAP, on the same cores."
  echo "Gate: monitors/headroom.yaml's (\`gate:\` section), baseline: $([[ $BASELINE == 1 ]] && echo 'run 1' || echo none)."
  echo
  echo "| run | exit | wall time (s) | what failed |"
  echo "| ---: | ---: | ---: | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "False failures: **$false_failures of $RUNS** (target 0). Wall time: median ${median}s, max ${max}s (target: under 180 s)."
} > "$RUN_DIR/summary.md"
cat "$RUN_DIR/summary.md"
log "results in $RUN_DIR"
