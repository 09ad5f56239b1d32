#!/usr/bin/env bash
# Storefront break curve: the reference storefront under `headroom load` at 1x, 5x, 10x ... the
# peak of the sample traffic model, one bounded run per multiplier, until an SLO breaks. The load
# test is the journey-driven one: the shipped journeys (monitors/browse-and-search.yaml and
# monitors/checkout.yaml with its 20 shoppers), their shares from the model's route classes.
#
#   bench/storefront-break-curve.sh
#
# The model comes from a generated week of access log (`headroom model generate`, peak 20 req/s in
# the Monday-night rush), as the demo builds it. Each run is `headroom load --multiplier M`: the
# stages below M (1x, 5x, 10x), then M, each a ramp RAMP and a hold HOLD; the model's peak, think
# time and page mix (browse-and-search claims home, category, product and search; checkout claims
# cart, checkout and account), SLOs all p95 <= 500 ms and errors
# <= 1%, no early abort (the whole run is measured). The storefront and the injector share this
# machine's cores, as they would on one box; the table says where it broke and what broke first.
#
# Knobs (environment): MULTIPLIERS="1 5 10 20 40 80 160" RAMP=5s HOLD=20s (or BENCH_SECONDS=20) PRODUCTS=3000 SKIP_BUILD=1
#   THINK=DURATION overrides the model's think time (--think-time). The model's is 10 s: a journey of 4
#   to 13 pages then lasts 30 s to 2 min, longer than a stage, and `headroom load` stops Gatling 5 s
#   after the plan (LoadTest's hard stop), so customers are cut off mid-journey and the planned rate
#   is not reached; the table's "mean rate" column shows how far off it is. THINK=1s measures capacity.
# Smoke: BENCH_SECONDS=5 RAMP=1s MULTIPLIERS="1 5" SKIP_BUILD=1 bench/storefront-break-curve.sh
# Results: bench/results/break-curve-<timestamp>/ (gitignored), summary.md printed.
# All traffic goes to 127.0.0.1; every run is bounded by RAMP+HOLD (and headroom's own caps).
set -euo pipefail

MULTIPLIERS=${MULTIPLIERS:-"1 5 10 20 40 80 160"}
RAMP=${RAMP:-5s}
HOLD=${HOLD:-${BENCH_SECONDS:-20}s}
PRODUCTS=${PRODUCTS:-3000}

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" break-curve
JAR=target/headroom.jar
[[ -n ${SKIP_BUILD:-} ]] || { log "building"; mvn -B -q -ntp -DskipTests package; }

log "traffic model from a generated week of access log"
java -jar "$JAR" model generate --out "$RUN_DIR/week.log.gz" --days 7 --seed 42 >/dev/null
java -jar "$JAR" model "$RUN_DIR/week.log.gz" --out "$RUN_DIR/model.yaml" --no-progress >"$RUN_DIR/model.txt"

PORT=$(free_port)
java -Xmx1g -jar "$JAR" storefront --port "$PORT" --products "$PRODUCTS" >"$RUN_DIR/storefront.log" 2>&1 &
SHOP_PID=$!
trap 'kill $SHOP_PID 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.5; done
log "storefront on 127.0.0.1:$PORT ($PRODUCTS products)"

cat >"$RUN_DIR/load.yaml" <<YAML
limits: {maxRps: 20000, maxDuration: 10m}
journeys:
  - journey: $ROOT/monitors/browse-and-search.yaml
    share: 0.85
    routeClasses: [home, category, product, search]
  - journey: $ROOT/monitors/checkout.yaml
    envFile: $ROOT/monitors/reference-storefront.env
    data: {file: $ROOT/monitors/shoppers.csv, order: circular}
    share: 0.15
    routeClasses: [cart, checkout, account]
stages: {ramp: $RAMP, hold: $HOLD}
slos:
  - group: all
    p95: 500ms
    errorRate: 0.01
abort: {window: 10m, after: 10m}   # measure whole runs: no early stop
YAML

{
  echo "# Storefront break curve, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1); storefront ($PRODUCTS products, -Xmx1g) and injector on the same machine."
  echo "Model: $(grep -m1 -i 'sustained\|peak' "$RUN_DIR/model.txt" | sed 's/^ *//')"
  echo "Each run: the stages below the multiplier (1x, 5x, 10x), then the multiplier, each a ramp $RAMP and a hold $HOLD; SLO all p95 <= 500 ms, errors <= 1%."
  echo "Think time: ${THINK:-as in the model}."
  echo "Load test: the shipped journeys (browse-and-search, checkout with monitors/shoppers.csv), shares from the model's route classes; request groups are journey/step."
  echo
  echo "| multiplier | target (req/s) | requests | mean rate over the whole run incl. journeys in flight (req/s) | errors | p95 | p99 | slowest step (journey/step) p95 | journey runs passed / degraded / failed | SLO |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |"
} >"$RUN_DIR/summary.md"

for m in $MULTIPLIERS; do
  out="$RUN_DIR/x$m"
  log "load at ${m}x"
  set +e
  java -jar "$JAR" load --target "http://127.0.0.1:$PORT" --model "$RUN_DIR/model.yaml" --config "$RUN_DIR/load.yaml" \
      --multiplier "$m" --metrics-port -1 ${THINK:+--think-time "$THINK"} --out "$out" >"$RUN_DIR/x$m.log" 2>&1
  code=$?
  set -e
  python3 - "$out/report.json" "$m" "$code" "$RUN_DIR/x$m.log" >>"$RUN_DIR/summary.md" <<'PY'
import json, re, sys
path, m, code, logf = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
log = open(logf).read()
target = re.findall(r"stage\s+\S+x:\s+([\d.]+) rps", log)
try:
    r = json.load(open(path))
except Exception:
    print(f"| {m}x | {target[-1] if target else '?'} | - | - | - | - | - | - | - | run failed (exit {code}) |"); sys.exit()
s = r["summary"]
groups = [g for g in r["data"]["groups"] if g.get("outcome") == "ok" and g["group"] != "all"]
slow = max(groups, key=lambda g: g.get("p95Ms", 0)) if groups else None
req = s["requests"]
secs = max(0.001, (r["data"]["endedAtMs"] - r["data"]["startedAtMs"]) / 1000)
runs = {}
for c in r["data"].get("journeys", []):
    if c["step"] == "":
        runs.setdefault(c["journey"], {}).setdefault(c["status"], 0)
        runs[c["journey"]][c["status"]] += c["count"]
verdicts = ", ".join(f"{j} {v.get('PASSED', 0)}/{v.get('DEGRADED', 0)}/{sum(v.values()) - v.get('PASSED', 0) - v.get('DEGRADED', 0)}"
                     for j, v in runs.items()) or "-"
print(f"| {m}x | {float(target[-1]):.0f} | {req} | {req / secs:.0f} | {s['error rate']} | {s['p95 (ok)']} | {s['p99 (ok)']} | "
      f"{(slow['group'] + ' ' + str(slow['p95Ms']) + ' ms') if slow else '-'} | {verdicts} | {'met' if code == 0 else 'BREACHED' if code == 1 else 'exit ' + str(code)} |")
PY
  tail -1 "$RUN_DIR/summary.md" >&2
  [[ $code -eq 0 ]] || break
done
cat "$RUN_DIR/summary.md"
log "results in $RUN_DIR"
