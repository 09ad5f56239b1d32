#!/usr/bin/env bash
# Link-crawler benchmark (issue 3): crawl the JDK 17 API docs from Debian's openjdk-17-doc,
# served by nginx on 127.0.0.1 only, with wget --spider, linkchecker (defaults and unthrottled)
# and ./headroom crawl; record wall time, pages/s, URLs checked, peak RSS and broken links.
#
# Usage: bench/crawl-jdk-docs.sh [TOOL...]
#   TOOL: wget, linkchecker-default, linkchecker-unthrottled, headroom (default: all four).
# Environment:
#   PORT                  nginx port on 127.0.0.1 (default: a free one)
#   LC_TIMEOUT=900        bound of each linkchecker run, seconds (its maxrunseconds; a hard kill follows)
#   TOOL_TIMEOUT=1800     hard bound of the wget and headroom runs, seconds
#   LC_THREADS=20         threads of the unthrottled linkchecker run (default run: linkchecker's own 10)
#   HEADROOM_JAVA_OPTS=-Xmx256m  JVM options of the headroom run (heap capped so RSS stays < 512 MB;
#                         the live set stays near 100 MB, the big index pages' DOMs are the peaks)
#   HEADROOM_CRAWL_ARGS   extra arguments for ./headroom crawl
#   HEADROOM_MAX_PAGES=20000   --max-pages of the headroom run
#   RESULTS=bench/results/crawl-jdk-docs   where the raw logs go (gitignored)
#
# Rerunnable and idempotent: installs only what is missing, writes only under $RESULTS and a temp
# dir (removed on exit), stops its nginx on exit. Nothing is aimed at a non-loopback address: every
# tool is kept on the start host (wget without -H, linkchecker without --check-extern and with an
# --ignore-url for every other host, headroom with --no-external).
# The whole script is one { ... } group, so bash parses it before running any of it: editing the
# file during a (long) run cannot change what the run does.
{
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
PORT="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18089)}"
LC_TIMEOUT="${LC_TIMEOUT:-900}"
TOOL_TIMEOUT="${TOOL_TIMEOUT:-1800}"
LC_THREADS="${LC_THREADS:-20}"
HEADROOM_JAVA_OPTS="${HEADROOM_JAVA_OPTS:--Xmx256m}"
HEADROOM_CRAWL_ARGS="${HEADROOM_CRAWL_ARGS:-}"
HEADROOM_MAX_PAGES="${HEADROOM_MAX_PAGES:-20000}"
RESULTS="${RESULTS:-$repo/bench/results/crawl-jdk-docs}"
tools=("$@")
[[ ${#tools[@]} -gt 0 ]] || tools=(wget linkchecker-default linkchecker-unthrottled headroom)
for t in "${tools[@]}"; do
  case "$t" in wget|linkchecker-default|linkchecker-unthrottled|headroom) ;;
    *) echo "unknown tool: $t (wget, linkchecker-default, linkchecker-unthrottled, headroom)" >&2; exit 2 ;;
  esac
done

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- what it needs
install_missing() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  dpkg -s openjdk-17-doc >/dev/null 2>&1 || missing+=(openjdk-17-doc)
  command -v wget >/dev/null 2>&1 || missing+=(wget)
  command -v linkchecker >/dev/null 2>&1 || missing+=(linkchecker)
  [[ -x /usr/bin/time ]] || missing+=(time)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing: ${missing[*]}"
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
install_missing
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

api_index="$(dpkg -L openjdk-17-doc | grep '/api/index\.html$' | head -n 1)"
[[ -n "$api_index" ]] || { echo "openjdk-17-doc: no api/index.html found" >&2; exit 1; }
api_dir="$(readlink -f "$(dirname "$api_index")")"
docroot="$(dirname "$api_dir")"          # .../openjdk-17-jre-headless, so ../legal etc. resolve too
START="http://127.0.0.1:$PORT/$(basename "$api_dir")/index.html"
html_files="$(find -L "$api_dir" -name '*.html' | wc -l)"

# ---------------------------------------------------------------- nginx on loopback
tmp="$(mktemp -d /tmp/headroom-crawlbench.XXXXXX)"
chmod 755 "$tmp"                          # linkchecker drops root to nobody and must read its config
nginx_pid=""
cleanup() {
  if [[ -n "$nginx_pid" ]] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp"/{client_body,proxy,fastcgi,uwsgi,scgi}
cat >"$tmp/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $tmp/nginx.pid;
error_log $tmp/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  log_format bench '\$request_method\t\$status\t\$sent_http_content_type\t\$body_bytes_sent\t\$http_user_agent\t\$request_uri';
  access_log $tmp/access.log bench buffer=256k flush=1s;
  client_body_temp_path $tmp/client_body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  sendfile on;
  keepalive_requests 1000000;
  keepalive_timeout 65s;
  server {
    listen 127.0.0.1:$PORT;
    server_name localhost;
    root $docroot;
    # linkchecker honours maxrequestspersecond > 10 only from a server that sends this header.
    add_header LinkChecker headroom-bench always;
  }
}
EOF
"$NGINX" -t -q -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf"
"$NGINX" -p "$tmp" -e "$tmp/error.log" -c "$tmp/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "$START" 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$tmp/error.log" >&2; echo "nginx did not start" >&2; exit 1; }
  sleep 0.1
done
curl -fsS -o /dev/null "$START"
log "nginx serves $docroot on 127.0.0.1:$PORT ($html_files HTML files under api/); start URL $START"

mkdir -p "$RESULTS"
# The access log of the run just ended goes to $RESULTS/TOOL.access.log; nginx then reopens a fresh one.
rotate_access_log() {
  local dest="$1"
  sleep 1.2                                   # let the buffered log flush (flush=1s)
  kill -USR1 "$(cat "$tmp/nginx.pid")"         # reopen: writes what it buffered, opens a new file
  sleep 0.5
  if [[ -f "$tmp/access.log" ]]; then mv "$tmp/access.log" "$dest"; else : >"$dest"; fi
  kill -USR1 "$(cat "$tmp/nginx.pid")"
  sleep 0.3
}
rotate_access_log "$tmp/warmup.access.log"
# Warm the page cache so no tool pays for the first read from disk.
find -L "$docroot" -type f -exec cat {} + >/dev/null 2>&1 || true

run_timed() { # NAME CMD...: runs CMD under /usr/bin/time -v; stdout+stderr to NAME.log
  local name="$1"; shift
  log "running $name: $*"
  local rc=0
  cut -d' ' -f1-3 /proc/loadavg >"$RESULTS/$name.load"       # other work on the machine skews the figures
  /usr/bin/time -v -o "$RESULTS/$name.time" "$@" >"$RESULTS/$name.log" 2>&1 || rc=$?
  echo "$rc" >"$RESULTS/$name.rc"
  cut -d' ' -f1-3 /proc/loadavg >>"$RESULTS/$name.load"
  rotate_access_log "$RESULTS/$name.access.log"
  log "$name exited $rc ($(grep -F 'Elapsed (wall' "$RESULTS/$name.time" | awk '{print $NF}') wall)"
}

# ---------------------------------------------------------------- the runs
not_local="^(https?|ftp)://(?!127\\.0\\.0\\.1:$PORT(/|\$))"

for tool in "${tools[@]}"; do
  rm -f "$RESULTS/$tool".{log,time,rc,access.log,out,cmd}
  case "$tool" in
  wget)
    work="$tmp/wget-work"; mkdir -p "$work"
    cmd=(timeout -k 30 "$TOOL_TIMEOUT" wget --spider -r -l inf -nd -nv -e robots=off
         -P "$work" "$START")
    echo "${cmd[*]}" >"$RESULTS/$tool.cmd"
    run_timed "$tool" "${cmd[@]}"
    ;;
  linkchecker-default|linkchecker-unthrottled)
    cfg="$tmp/$tool.rc"
    {
      echo "[checking]"
      echo "maxrunseconds=$LC_TIMEOUT"       # stop cleanly at the bound and still write the summary
      echo "aborttimeout=10"
      if [[ $tool == linkchecker-unthrottled ]]; then
        echo "threads=$LC_THREADS"
        echo "maxrequestspersecond=100000"   # honoured because nginx sends the LinkChecker header
      fi
    } >"$cfg"
    chmod 644 "$cfg"
    cmd=(timeout -k 30 "$((LC_TIMEOUT + 120))" linkchecker -f "$cfg" --no-status
         -o csv --ignore-url "$not_local" "$START")
    echo "${cmd[*]}" >"$RESULTS/$tool.cmd"
    cp "$cfg" "$RESULTS/$tool.linkcheckerrc"
    run_timed "$tool" "${cmd[@]}"
    ;;
  headroom)
    if ! (cd "$repo" && ./headroom crawl --help) >"$RESULTS/headroom.help" 2>&1; then
      log "headroom: no 'crawl' command in this build yet; skipped (see $RESULTS/headroom.help)"
      rm -f "$RESULTS/headroom.help"
      continue
    fi
    out="$RESULTS/headroom-report"
    rm -rf "$out"
    # shellcheck disable=SC2206
    extra=($HEADROOM_CRAWL_ARGS)
    cmd=(timeout -k 30 "$TOOL_TIMEOUT" env "HEADROOM_JAVA_OPTS=$HEADROOM_JAVA_OPTS"
         "$repo/headroom" crawl "$START" --no-external --out "$out" --max-pages "$HEADROOM_MAX_PAGES" "${extra[@]}")
    echo "${cmd[*]}" >"$RESULTS/$tool.cmd"
    run_timed "$tool" "${cmd[@]}"
    ;;
  esac
done

# ---------------------------------------------------------------- parse, cross-check, summarise
python3 "$here/crawl-jdk-docs-report.py" --results "$RESULTS" --base "http://127.0.0.1:$PORT" \
  --html-files "$html_files" | tee "$RESULTS/summary.md"
exit "$?"
}
