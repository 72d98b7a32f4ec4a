#!/usr/bin/env python3
"""This build against an anchor build, side by side in one run: the ingest and fan-out benchmarks'
own measurements (ingest.py, fanout.py), alternating anchor and current twice, with the ratio of the
best runs. Run through Benchmarks/compare."""
import argparse, datetime, json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fanout, ingest
from serve import machine

def best(runs, key):
    return max(r[key] for r in runs)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--what", choices=["ingest", "fanout", "all"], default="all")
    ap.add_argument("--anchor", required=True)
    ap.add_argument("--anchor-name", required=True)
    ap.add_argument("--current", required=True)
    ap.add_argument("--current-name", required=True)
    ap.add_argument("--sink", required=True)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--contacts", type=int, default=100_000)
    ap.add_argument("--only", choices=["sqlite", "postgres"], help="measure one store only")
    args = ap.parse_args()
    pg = os.environ.get("HERALD_TEST_POSTGRES_URL")
    builds = [(args.anchor_name, args.anchor), (args.current_name, args.current)]
    stores = [] if args.only == "postgres" else ["SQLite"]
    if pg and args.only != "sqlite":
        stores.append("PostgreSQL")
    rows, raw = [], {}
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"### {args.current_name} against {args.anchor_name}, side by side — {now}\n")
    print(f"Machine: {machine()}. Release builds; each measurement run {args.rounds} times, alternating which goes first; best of each.\n")
    print(f"| benchmark | store | {args.anchor_name} | {args.current_name} | ratio |")
    print("|---|---|---|---|---|")
    if args.what in ("ingest", "all"):
        for store in stores:
            runs = {name: [] for name, _ in builds}
            for round in range(args.rounds):
                # Each build goes first in every other round, so that what the one before leaves
                # behind (a busy database, a warm cache) falls on both.
                for name, binary in (builds if round % 2 == 0 else builds[::-1]):
                    database = "sqlite:herald-data/ingest.sqlite" if store == "SQLite" else fanout.fresh_postgres(pg, "herald_ingest")
                    runs[name].append(ingest.measure(binary, store, database, 15, 16, 300))
            raw[f"ingest {store}"] = runs
            a, c = best(runs[args.anchor_name], "events_per_s"), best(runs[args.current_name], "events_per_s")
            print(f"| ingest events/s | {store} | {a:,.0f} | {c:,.0f} | {c / a:.2f} |")
            a = min(r["accepted_to_page_p50_ms"] for r in runs[args.anchor_name])
            c = min(r["accepted_to_page_p50_ms"] for r in runs[args.current_name])
            print(f"| event → page queued, p50 ms (lower is better) | {store} | {a:.1f} | {c:.1f} | {c / a:.2f} |")
    if args.what in ("fanout", "all"):
        sink, port = fanout.start_sink(args.sink)
        try:
            for store in stores:
                runs = {name: [] for name, _ in builds}
                for round in range(args.rounds):
                    for name, binary in (builds if round % 2 == 0 else builds[::-1]):
                        database = "sqlite:herald-data/fanout.sqlite" if store == "SQLite" else fanout.fresh_postgres(pg, "herald_fanout")
                        runs[name].append(fanout.measure(binary, port, store, database, args.contacts))
                raw[f"fanout {store}"] = runs
                a, c = best(runs[args.anchor_name], "deliveries_per_s"), best(runs[args.current_name], "deliveries_per_s")
                print(f"| fan-out deliveries/s ({args.contacts:,} contacts) | {store} | {a:,.0f} | {c:,.0f} | {c / a:.2f} |")
        finally:
            sink.terminate()
            sink.wait()
    print()
    json.dump(raw, sys.stderr, indent=1)

if __name__ == "__main__":
    main()
