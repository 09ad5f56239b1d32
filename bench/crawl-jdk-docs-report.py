#!/usr/bin/env python3
"""Summarise the link-crawler benchmark (bench/crawl-jdk-docs.sh) as a markdown table.

Reads, for each tool that ran, RESULTS/TOOL.{time,rc,log,access.log} (and for headroom its
report.json), and prints: wall time, HTML pages fetched and pages/s (both from nginx's access log,
so every tool is counted the same way), distinct URLs requested, peak RSS, broken links found; then
the broken-link sets side by side, each re-checked against the local server so a false alarm shows.
Only URLs on --base (the loopback nginx) are ever requested.
"""
import argparse
import csv
import html.parser
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

TOOLS = ["wget", "linkchecker-default", "linkchecker-unthrottled", "headroom"]


def parse_time(path):
    wall = rss_kb = None
    cpu = 0.0
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("Elapsed (wall clock)"):
                parts = line.rsplit(" ", 1)[-1].split(":")
                secs = 0.0
                for p in parts:
                    secs = secs * 60 + float(p)
                wall = secs
            elif line.startswith("Maximum resident set size"):
                rss_kb = int(line.rsplit(" ", 1)[-1])
            elif line.startswith(("User time", "System time")):
                cpu += float(line.rsplit(" ", 1)[-1])
    return wall, rss_kb, cpu


# The user agent each tool sends: requests from anything else (another client on the same port)
# are left out of that tool's counts and reported.
AGENTS = {"wget": "Wget/", "linkchecker-default": "LinkChecker/", "linkchecker-unthrottled": "LinkChecker/",
          "headroom": "Headroom"}


def parse_access(path, agent):
    """nginx log lines, tab-separated: METHOD STATUS CONTENT_TYPE BYTES USER_AGENT URI."""
    requests = foreign = 0
    uris, html_pages, bad = set(), set(), {}
    with open(path, errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 6:
                continue
            method, status, ctype, ua, uri = parts[0], parts[1], parts[2], parts[4], parts[-1]
            if agent not in ua:
                foreign += 1
                continue
            requests += 1
            uris.add(uri)
            if method == "GET" and status == "200" and ctype.startswith("text/html"):
                html_pages.add(uri)
            if status.startswith(("4", "5")):
                bad[uri] = status
    return {"requests": requests, "uris": len(uris), "html": len(html_pages), "bad": bad, "foreign": foreign}


def norm(url, base):
    """Path (+query, +fragment) of a URL on base; other URLs unchanged."""
    url = url.strip()
    # any loopback port: tools run by separate invocations of the script served on different ports
    m = re.match(r"^http://127\.0\.0\.1:\d+(?=/|$)", url)
    if m:
        url = url[m.end():] or "/"
    return url


def broken_wget(log, base):
    found, out, count = False, set(), None
    with open(log, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"Found (\d+) broken links?\.", line)
            if m:
                found, count = True, int(m.group(1))
                continue
            if found:
                if line.startswith("FINISHED"):
                    break
                if line.startswith(("http://", "https://")):
                    out.add(norm(line, base))
    info = {"own_count": None}
    with open(log, errors="replace") as f:
        for line in f:
            m = re.match(r"Downloaded: (\d+) files", line)
            if m:
                info["own_count"] = f"{m.group(1)} files downloaded"
    info["finished"] = "FINISHED --" in open(log, errors="replace").read()
    if count is not None and count != len(out):
        print(f"warning: wget says {count} broken links, listed {len(out)}", file=sys.stderr)
    return out, info


def broken_linkchecker(log, base):
    out, rows = set(), 0
    text = open(log, errors="replace").read()
    lines = [l for l in text.splitlines()
             if l and not l.startswith("#") and not re.match(r"(WARNING|INFO|ERROR|DEBUG|CRITICAL) ", l)]
    for rec in csv.reader(lines, delimiter=";"):
        if not rec or rec[0] == "urlname" or len(rec) < 8:
            continue
        rows += 1
        if rec[6] == "False":
            out.add(norm(rec[7] or rec[0], base).split("#", 1)[0])  # a broken URL, whatever the fragment
    m = re.search(r"Stopped checking at .*\((.*)\)", text)
    interrupted = "Interrupt after" in text or "interrupt; waiting" in text
    return out, {"finished": bool(m) and not interrupted,
                 "own_count": f"{rows} URLs logged (errors+warnings)"}


def broken_headroom(results, base):
    path = os.path.join(results, "headroom-report", "report.json")
    if not os.path.exists(path):
        return None, {"finished": False, "own_count": None}
    data = json.load(open(path))
    d = data.get("data", {})
    out, fragments, other = set(), set(), {}
    for f in d.get("findings", []):
        kind = str(f.get("kind")).lower()
        url = norm(str(f["url"]), base)
        if kind == "broken":
            out.add(url.split("#", 1)[0])
        elif kind == "missing_fragment":
            fragments.add(url)
        else:
            other.setdefault(kind, []).append((url, f.get("detail", "")))
    stats = d.get("stats", {})
    own = ", ".join(f"{k} {stats[k]}" for k in ("requested", "pages", "parsed", "links", "distinctUrls",
                                                  "requests", "skippedScope", "skippedLimit", "complete")
                    if k in stats)
    return out, {"finished": bool(stats.get("complete", True)), "own_count": own,
                 "fragments": fragments, "other": other, "report": path}


class IdCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "id" or (k == "name" and tag == "a"):
                if v is not None:
                    self.ids.add(v)


_status_cache = {}
NO_RECHECK = False


def status_of(base, path):
    """HTTP status of a path on the loopback server (never anything else)."""
    if path in _status_cache:
        return _status_cache[path]
    if NO_RECHECK:
        return "not re-checked"
    if not path.startswith("/"):
        _status_cache[path] = "not on the benchmark host: not checked"
        return _status_cache[path]
    url = base + path.split("#", 1)[0]
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=10) as r:
            body = r.read() if "#" in path else b""
            st = str(r.status)
            if "#" in path:
                frag = urllib.parse.unquote(path.split("#", 1)[1])
                p = IdCollector()
                p.feed(body.decode("utf-8", "replace"))
                st += " (fragment present)" if frag in p.ids else " (fragment MISSING)"
    except urllib.error.HTTPError as e:
        st = str(e.code)
    except Exception as e:  # noqa: BLE001 - report whatever went wrong
        st = f"error: {e}"
    _status_cache[path] = st
    return st


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    ap.add_argument("--html-files", type=int, default=None)
    ap.add_argument("--no-recheck", action="store_true", help="do not re-request broken URLs")
    a = ap.parse_args()
    global NO_RECHECK
    NO_RECHECK = a.no_recheck
    base = a.base.rstrip("/")
    assert re.match(r"^http://127\.0\.0\.1:\d+$", base), "only the loopback server is checked"

    rows, broken = [], {}
    extra = {}
    for tool in TOOLS:
        tf = os.path.join(a.results, f"{tool}.time")
        if not os.path.exists(os.path.join(a.results, f"{tool}.rc")):
            continue  # did not run (or is still running)
        wall, rss, cpu = parse_time(os.path.join(a.results, f"{tool}.time"))
        acc = parse_access(os.path.join(a.results, f"{tool}.access.log"), AGENTS[tool])
        rc = open(os.path.join(a.results, f"{tool}.rc")).read().strip()
        log = os.path.join(a.results, f"{tool}.log")
        if tool == "wget":
            b, info = broken_wget(log, base)
        elif tool.startswith("linkchecker"):
            b, info = broken_linkchecker(log, base)
        else:
            b, info = broken_headroom(a.results, base)
            if b is None:
                b = set()
                info["finished"] = False
        info["cpu"] = cpu
        broken[tool] = b
        extra[tool] = info
        lf = os.path.join(a.results, f"{tool}.load")
        info["load"] = " → ".join(l.split()[0] for l in open(lf).read().split("\n") if l.strip()) if os.path.exists(lf) else "?"
        rows.append((tool, rc, info, wall, acc, rss, b))

    out = []
    w = out.append
    w("| tool | finished | wall (s) | CPU (s, user+sys) | HTML pages fetched | pages/s | distinct URLs requested | requests | peak RSS (MiB) | broken links | load avg before → after |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for tool, rc, info, wall, acc, rss, b in rows:
        pps = acc["html"] / wall if wall else 0
        fin = "yes" if info.get("finished") else f"**no** (exit {rc})"
        w(f"| {tool} | {fin} | {wall:.1f} | {info['cpu']:.1f} | {acc['html']} | {pps:.1f} | {acc['uris']} | {acc['requests']} | "
          f"{(rss or 0) / 1024:.0f} | {len(b)} | {info['load']} |")
    if a.html_files:
        w("")
        w(f"HTML files under api/ on disk: {a.html_files}. Pages, URLs and requests are counted from nginx's "
          "access log (GET 200 text/html, distinct); broken links from each tool's own output.")
    for tool, rc, info, wall, acc, rss, b in rows:
        if acc["foreign"]:
            w(f"- {tool}: {acc['foreign']} requests from another client during the run, left out of the counts")
    for tool, *_ in rows:
        if extra[tool].get("own_count"):
            w(f"- {tool}, own count: {extra[tool]['own_count']}")

    union = set().union(*broken.values()) if broken else set()
    if union:
        w("")
        w("Broken links (path on the benchmark host; status re-checked now against the same server):")
        w("")
        names = [t for t, *_ in rows]
        w("| URL | " + " | ".join(names) + " | status now |")
        w("|---|" + "---|" * len(names) + "---|")
        for u in sorted(union):
            marks = ["x" if u in broken[t] else "" for t in names]
            w(f"| `{u}` | " + " | ".join(marks) + f" | {status_of(base, u)} |")
    if "headroom" in broken:
        hb = broken["headroom"]
        peers = set().union(*(v for k, v in broken.items() if k != "headroom"))
        missed = sorted(peers - hb)
        more = sorted(hb - peers)
        w("")
        w(f"Headroom misses {len(missed)} broken link(s) a peer found" + (": " + ", ".join(f"`{u}`" for u in missed) if missed else "."))
        false_alarms = [u for u in more if status_of(base, u).startswith(("2", "3"))]
        w(f"Headroom reports {len(more)} broken link(s) no peer found; 2xx/3xx when re-checked "
          f"(false alarms): {len(false_alarms)}" + (": " + ", ".join(f"`{u}`" for u in false_alarms) if false_alarms else "."))
        frags = extra["headroom"].get("fragments") or set()
        if frags:
            missing = [u for u in sorted(frags) if "MISSING" in status_of(base, u)]
            w(f"Headroom fragment findings: {len(frags)}; confirmed missing when re-checked: {len(missing)}.")
            for u in sorted(frags)[:50]:
                w(f"- `{u}`: {status_of(base, u)}")
        for kind, items in sorted((extra["headroom"].get("other") or {}).items()):
            w(f"Headroom {kind} findings: {len(items)}")
            for u, detail in sorted(items)[:50]:
                w(f"- `{u}`: {detail}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
