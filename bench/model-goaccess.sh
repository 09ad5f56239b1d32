#!/usr/bin/env bash
# Traffic model vs GoAccess: the same generated multi-million-line combined log, read by
# `./headroom model` and by `goaccess` (Debian package), each timed with /usr/bin/time -v.
# Usage: bench/model-goaccess.sh [PEAK_RPS] [RUNS]   (PEAK_RPS 30 gives ~5M lines; RUNS default 2)
# Other builds may share the CPU: every tool runs RUNS times and the best wall time is reported.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peak="${1:-30}"
runs="${2:-2}"
work="${BENCH_DIR:-/tmp/headroom-bench-model}"
mkdir -p "$work"
log="$work/access-week.log"

command -v goaccess >/dev/null || { echo "installing goaccess" >&2; apt-get install -y goaccess >/dev/null; }
[[ -x /usr/bin/time ]] || apt-get install -y time >/dev/null

cd "$here"
./headroom --version >/dev/null   # builds target/headroom.jar if needed
if [[ ! -s "$log" ]]; then
  ./headroom model generate --out "$log" --peak-rps "$peak" --seed 1
fi
lines=$(wc -l <"$log")
bytes=$(stat -c %s "$log")
cat "$log" >/dev/null             # warm the page cache for both tools

run() { # name, command...
  local name="$1"; shift
  local out="$work/time-$name.txt"
  /usr/bin/time -v "$@" >"$work/stdout-$name.txt" 2>"$out" || { tail -20 "$out" >&2; exit 1; }
  local wall rss user
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$out")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
  user=$(awk -F': ' '/User time/ {print $2}' "$out")
  echo "$name $wall $rss $user"
}

results="$work/results.txt"
: >"$results"
for i in $(seq "$runs"); do
  run headroom java -jar target/headroom.jar model "$log" --out "$work/model.yaml" --no-progress >>"$results"
  run goaccess goaccess "$log" --log-format=COMBINED --no-global-config --no-progress -o "$work/goaccess.json" >>"$results"
done

echo "log: $log ($lines lines, $((bytes / 1000000)) MB); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| tool | best wall (s) | lines/s | peak RSS (MB) | CPU user (s) | all wall times (s) |"
echo "| --- | ---: | ---: | ---: | ---: | --- |"
for tool in headroom goaccess; do
  awk -v t="$tool" -v lines="$lines" '$1 == t {
      all = all (all ? ", " : "") $2
      if (best == "" || $2 < best) { best = $2; rss = $3; user = $4 }
    }
    END { printf "| %s | %.2f | %\047.0f | %.0f | %.2f | %s |\n", (t == "headroom" ? "headroom model" : "goaccess"), best, lines / best, rss / 1024, user, all }' "$results"
done
