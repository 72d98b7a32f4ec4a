#!/usr/bin/env python3
"""Alert-storm protection (issue 20): what it costs and what it saves, on SQLite and PostgreSQL.

The load is the side-by-side ingest's (every alert new and its own group, `wrk -t2 -c64`), sent to
Herald in turns, A B C A B C …:
- off:     `alerts.storm: false`; every event opens an incident and queues its page.
- checked: storm protection on with a threshold a 10-second run never reaches (10,000 new incidents
           in a minute): every opening event pays the storm check (the team's count of new
           incidents, its storm, and on PostgreSQL the team's lock) but still opens its own
           incident — the check's cost, on the same work.
- default: the default (10 in 5 minutes): the burst becomes one storm. Reported as compression:
           alerts in, incidents opened, pages queued.
Each figure is the median of the rounds, with the spread; "checked" is quoted as a ratio to "off"
of its own round. Run through Benchmarks/run storm; needs nginx and wrk (Debian)."""
import argparse, datetime, json, os, shutil, signal, statistics, sys, tempfile
from anchors import NginxSink
from ingest import serve_paging
from ingest_anchor import wrk, count, reset_postgres, HERALD_BODY, spread
from serve import machine

MODES = {
    "off": "  storm: false\n",
    "checked": "  storm: {threshold: 10000, window_minutes: 1}\n",
    "default": "",
}

def run(herald, engine, database, sink, mode, seconds, connections):
    work = tempfile.mkdtemp(prefix="herald-storm-")
    try:
        if engine == "PostgreSQL":
            reset_postgres(database)
        config = "outbound:\n  allow: ['127.0.0.1']\n"
        p, port, _, key = serve_paging(herald, database, work, sink.url("/herald"), config=config, storm=MODES[mode])
        result = wrk(port, "/v2/enqueue", HERALD_BODY % {"key": key}, seconds, connections)
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
        result["after_kill"] = count(engine, database, work)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)

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
            row = {}
            for engine, database in engines:
                for mode in MODES:
                    row[f"{engine} {mode}"] = run(args.herald, engine, database, sink, mode, args.seconds, args.connections)
            rounds.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    finally:
        sink.stop()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"### Alert-storm protection: its cost and its compression — {now}\n")
    print(f"Machine: {machine()}. Release build; wrk, nginx, Herald and PostgreSQL share the machine. "
          f"`wrk -t2 -c{args.connections} -d{args.seconds}s`, every alert new and its own group, {args.rounds} rounds "
          f"interleaved (off, checked, default on each store); medians, with the spread.\n")
    print("| store | storm protection | events/s (median, spread) | vs off (median of the rounds) | non-2xx | p99 | alerts → incidents → pages (median round) |")
    print("|---|---|---|---|---|---|---|")
    for engine, _ in engines:
        for mode in MODES:
            runs = [r[f"{engine} {mode}"] for r in rounds]
            ratios = [r[f"{engine} {mode}"]["per_s"] / r[f"{engine} off"]["per_s"] for r in rounds]
            middle = sorted(runs, key=lambda x: x["per_s"])[len(runs) // 2]["after_kill"]
            print(f"| {engine} | {mode} | {statistics.median(x['per_s'] for x in runs):,.0f} ({spread([x['per_s'] for x in runs])}) "
                  f"| {statistics.median(ratios):.2f}× ({min(ratios):.2f}–{max(ratios):.2f}) | {sum(x['non_2xx'] for x in runs)} "
                  f"| {statistics.median(x['p99_ms'] for x in runs):.1f} ms "
                  f"| {middle['alerts']:,} → {middle['incidents']:,} → {middle['deliveries']:,} |")
    print()

if __name__ == "__main__":
    main()
