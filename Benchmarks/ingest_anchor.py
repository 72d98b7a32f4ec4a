#!/usr/bin/env python3
"""Ingest against its anchor, side by side in one run (issue 16): Alertmanager 0.25 and Herald (on
SQLite and on PostgreSQL) take the same load in turns, A B C A B C A B C, and each Herald figure is
quoted as a ratio to the Alertmanager run of its own round.

The load, the same for both: `wrk -t2 -c64`, one alert per request, every alert new and its own
group. Alertmanager: POST /api/v2/alerts, group_by alertname, group_wait 0s, a webhook receiver on
an nginx sink. Herald: POST /v2/enqueue, every event a new dedup key and a new component (its group),
so each opens an incident and queues its first page, to a webhook contact on the same sink, before
the 202. After each Herald run the server is killed with SIGKILL and the database is counted: every
accepted event must be there, with its incident and its page.
Run through Benchmarks/run ingest; needs nginx, prometheus-alertmanager and wrk (Debian)."""
import argparse, datetime, json, os, re, shutil, signal, sqlite3, statistics, subprocess, sys, tempfile, time
from anchors import Alertmanager, NginxSink, peak_rss_mib
from ingest import serve_paging
from serve import machine

LUA_UNIQUE = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
local counter = 0
request = function()
  counter = counter + 1
  local n = id .. "-" .. counter
  return wrk.format("POST", "%(path)s", {["Content-Type"] = "application/json"}, %(body)s)
end
"""

HERALD_BODY = """'{"routing_key":"%(key)s","event_action":"trigger","dedup_key":"u-' .. n .. '","payload":{"summary":"bench alert ' .. n .. '","source":"bench","severity":"critical","component":"u-' .. n .. '"}}'"""
ALERTMANAGER_BODY = """'[{"labels":{"alertname":"u-' .. n .. '","severity":"critical","instance":"bench"},"annotations":{"summary":"bench alert ' .. n .. '"}}]'"""

def wrk(port, path, body, seconds, connections):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(LUA_UNIQUE % {"path": path, "body": body})
    script.close()
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, f"http://127.0.0.1:{port}"],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {"per_s": rps, "requests": total, "non_2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
            "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan")}

def alertmanager_run(sink, seconds, connections):
    am = Alertmanager(sink.url("/alertmanager"))
    try:
        result = wrk(am.port, "/api/v2/alerts", ALERTMANAGER_BODY, seconds, connections)
        result["peak_rss_mib"] = peak_rss_mib(am.process.pid)
        return result
    finally:
        am.stop()

def count(engine, database, work):
    """Rows in alerts, incidents and deliveries, read straight from the database after the kill."""
    tables = ["alerts", "incidents", "deliveries"]
    if engine == "SQLite":
        db = sqlite3.connect(os.path.join(work, database.removeprefix("sqlite:")))
        counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
        db.close()
        return counts
    out = {}
    for t in tables:
        out[t] = int(subprocess.run(["psql", database, "-tAc", f"SELECT COUNT(*) FROM {t}"], capture_output=True, text=True,
                                    check=True).stdout.strip())
    return out

def reset_postgres(url):
    subprocess.run(["psql", url, "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], capture_output=True, check=True)

def herald_run(herald, engine, database, sink, seconds, connections):
    work = tempfile.mkdtemp(prefix="herald-ingest-anchor-")
    try:
        if engine == "PostgreSQL":
            reset_postgres(database)
        # The sink is on loopback, which operators' webhooks may reach only when allowed.
        p, port, _, key = serve_paging(herald, database, work, sink.url("/herald"), config="outbound:\n  allow: ['127.0.0.1']\n")
        result = wrk(port, "/v2/enqueue", HERALD_BODY % {"key": key}, seconds, connections)
        result["peak_rss_mib"] = peak_rss_mib(p.pid)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        result["accepted"] = result["requests"] - result["non_2xx"]
        result["after_kill"] = count(engine, database, work)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)

def spread(values):
    return f"{min(values):,.0f}–{max(values):,.0f}"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", required=True)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    engines = [("SQLite", "sqlite:herald-data/ingest.sqlite")]
    if os.environ.get("HERALD_TEST_POSTGRES_URL"):
        engines.append(("PostgreSQL", os.environ["HERALD_TEST_POSTGRES_URL"]))
    sink = NginxSink()
    rounds = []
    try:
        for _ in range(args.rounds):
            row = {"Alertmanager": alertmanager_run(sink, args.seconds, args.connections)}
            for engine, database in engines:
                row[engine] = herald_run(args.herald, engine, database, sink, args.seconds, args.connections)
            rounds.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    finally:
        sink.stop()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"### Ingest against Alertmanager, side by side — {now}\n")
    print(f"Machine: {machine()}. Release build; wrk, nginx, Alertmanager, Herald and PostgreSQL share the machine. "
          f"`wrk -t2 -c{args.connections} -d{args.seconds}s`, every alert new and its own group, {args.rounds} rounds "
          f"interleaved (Alertmanager, then Herald on each store); medians, with the spread.\n")
    print("| | alerts/s (median, spread) | ratio to Alertmanager (median of the rounds) | non-2xx | p99 latency | peak RSS | accepted → present after SIGKILL (alerts / incidents / pages) |")
    print("|---|---|---|---|---|---|---|")
    am = [r["Alertmanager"] for r in rounds]
    print(f"| Alertmanager 0.25 (in memory) | {statistics.median(x['per_s'] for x in am):,.0f} ({spread([x['per_s'] for x in am])}) | 1× "
          f"| {sum(x['non_2xx'] for x in am)} | {statistics.median(x['p99_ms'] for x in am):.1f} ms "
          f"| {statistics.median(x['peak_rss_mib'] for x in am):.0f} MiB | — |")
    for engine, _ in engines:
        runs = [r[engine] for r in rounds]
        ratios = [r[engine]["per_s"] / r["Alertmanager"]["per_s"] for r in rounds]
        # Events still in flight when wrk stopped may be stored too: present must be at least accepted.
        whole = all(min(x["after_kill"].values()) >= x["accepted"] for x in runs)
        kept = ("all kept: " if whole else "LOST: ") + "; ".join(
            f"{x['accepted']:,} → {x['after_kill']['alerts']:,} / {x['after_kill']['incidents']:,} / {x['after_kill']['deliveries']:,}" for x in runs)
        print(f"| Herald on {engine} (durable) | {statistics.median(x['per_s'] for x in runs):,.0f} ({spread([x['per_s'] for x in runs])}) "
              f"| {statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}) | {sum(x['non_2xx'] for x in runs)} "
              f"| {statistics.median(x['p99_ms'] for x in runs):.1f} ms | {statistics.median(x['peak_rss_mib'] for x in runs):.0f} MiB | {kept} |")
    print()

if __name__ == "__main__":
    main()
