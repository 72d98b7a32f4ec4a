#!/usr/bin/env python3
"""Ingest benchmark: PagerDuty Events v2 events per second taken in durably (each one deduplicated,
grouped and committed before the 202), and the time from an event that opens an incident to its
first page in the delivery queue. On embedded SQLite and on PostgreSQL. Run through Benchmarks/run."""
import argparse, datetime, http.client, json, os, re, shutil, statistics, subprocess, sys, tempfile, time
from serve import machine, wait_listening, request

def wrk_events(port, key, seconds, connections, keys):
    """wrk posting trigger events whose dedup keys cycle over `keys`: the first of each opens an alert, the rest repeat it."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\ncounter = 0\n')
    script.write("request = function()\n counter = counter + 1\n local n = counter %% %d\n" % keys)
    script.write(' local body = \'{"routing_key":"%s","event_action":"trigger","dedup_key":"bench-\' .. n .. \'",' % key)
    script.write('"payload":{"summary":"bench alert \' .. n .. \'","source":"bench","severity":"warning","component":"c\' .. (n % 50) .. \'"}}\'\n')
    script.write(' return wrk.format(nil, "/v2/enqueue", nil, body)\nend\n')
    script.close()
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, f"http://127.0.0.1:{port}"],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return rps, total, int(errors.group(1)) if errors else 0

def post(port, path, body):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data

def serve_paging(herald, database, work, webhook, config="", storm="  storm: false\n"):
    """Starts `herald serve` in `work` with one on-call webhook contact and a PagerDuty integration
    grouping by component; returns (process, port, admin token, integration key). Storm protection
    is off unless `storm` says otherwise: these loads open an incident per event on purpose."""
    # The per-integration rate limit would answer most of the load with 429: lift it to measure the store.
    with open(f"{work}/herald.yaml", "w") as f:
        f.write("alerts:\n  rate_per_minute: 100000000\n" + storm + config)
    p = subprocess.Popen([herald, "serve", "--port", "0", "--database", database, "--log-level", "error", "--config", "herald.yaml"],
                         cwd=work, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port, out = wait_listening(p)
    token = re.search(r"hrld_[0-9a-f]{48}", out).group(0)
    request(port, "POST", "/api/v1/contacts", token, {"id": "oncall", "name": "值班", "groups": ["sre"], "addresses": {"webhook": webhook}})
    made = json.loads(request(port, "POST", "/api/v1/integrations", token,
                              {"name": "bench", "kind": "pagerduty", "group_by": ["component"], "notify_group": "sre"}))
    return p, port, token, made["key"]

def measure(herald, engine, database, seconds, connections, opens):
    work = tempfile.mkdtemp(prefix="herald-ingest-")
    try:
        p, port, token, key = serve_paging(herald, database, work, "http://127.0.0.1:9/hook")
        # Latency: each event opens an incident (a component of its own) and pages at once (no group wait).
        latencies = []
        for i in range(opens):
            t0 = time.monotonic()
            status, _ = post(port, "/v2/enqueue", {"routing_key": key, "event_action": "trigger", "dedup_key": f"open-{i}",
                                                   "payload": {"summary": f"open {i}", "source": "bench", "severity": "critical", "component": f"open-{i}"}})
            latencies.append((time.monotonic() - t0) * 1000)
            assert status == 202, status
        # The page is queued in the same request, before the 202: the client's time bounds "accepted → page queued".
        incidents = json.loads(request(port, "GET", "/api/v1/incidents?state=open", token))["incidents"]
        assert len(incidents) == min(opens, 100), len(incidents)  # the list shows the newest 100
        # Throughput: events with repeats, through wrk.
        rps, total, errors = wrk_events(port, key, seconds, connections, 1000)
        p.terminate()
        p.wait(timeout=30)
        q = lambda xs, f: statistics.quantiles(xs, n=100)[f - 1] if len(xs) >= 2 else float("nan")
        return {"engine": engine, "events_per_s": rps, "events": total, "non_2xx": errors,
                "accepted_to_page_p50_ms": q(latencies, 50), "accepted_to_page_p99_ms": q(latencies, 99),
                "opens": opens}
    finally:
        shutil.rmtree(work, ignore_errors=True)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", required=True)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--opens", type=int, default=300)
    args = ap.parse_args()
    results = [measure(args.herald, "SQLite", "sqlite:herald-data/ingest.sqlite", args.seconds, args.connections, args.opens)]
    pg = os.environ.get("HERALD_TEST_POSTGRES_URL")
    if pg:
        results.append(measure(args.herald, "PostgreSQL", pg, args.seconds, args.connections, args.opens))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"### Alert ingest (PagerDuty Events v2) — {now}\n")
    print(f"Machine: {machine()}. Release build; wrk, Herald and the database share the machine.\n")
    print(f"| store | events/s (`wrk -t2 -c{args.connections} -d{args.seconds}s`, 1,000 dedup keys over 50 components) | non-2xx "
          f"| event that opens an incident → 202 with its first page queued, p50 / p99 ({args.opens} incidents) |")
    print("|---|---|---|---|")
    for r in results:
        print(f"| {r['engine']} | {r['events_per_s']:,.0f} ({r['events']:,} events) | {r['non_2xx']} "
              f"| {r['accepted_to_page_p50_ms']:.1f} / {r['accepted_to_page_p99_ms']:.1f} ms |")
    print()
    json.dump(results, sys.stderr, indent=1)

if __name__ == "__main__":
    main()
