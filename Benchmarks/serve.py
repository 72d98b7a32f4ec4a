#!/usr/bin/env python3
"""Measures a release `herald serve`: start-up time, idle memory, and GET /api/v1/components req/s
with 100 components, on embedded SQLite and on PostgreSQL. Run through Benchmarks/run."""
import argparse, datetime, http.client, json, os, platform, re, shutil, subprocess, statistics, sys, tempfile, time

def wait_listening(process, timeout=60):
    """Returns (port, elapsed seconds, stdout so far) once the server prints its address."""
    start = time.monotonic()
    out = b""
    os.set_blocking(process.stdout.fileno(), False)
    while time.monotonic() - start < timeout:
        chunk = process.stdout.read() or b""
        out += chunk
        m = re.search(rb"listening on http://[\d.]+:(\d+)", out)
        if m:
            return int(m.group(1)), out.decode()
        if process.poll() is not None:
            raise SystemExit(f"herald exited: {out.decode()}")
        time.sleep(0.002)
    raise SystemExit("herald did not start in time")

def healthy(port):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        c.request("GET", "/healthz")
        ok = c.getresponse().status == 200
        c.close()
        return ok
    except OSError:
        return False

def start(herald, database, workdir):
    """Starts herald and returns (process, port, seconds until /healthz answered 200, stdout)."""
    t0 = time.monotonic()
    p = subprocess.Popen([herald, "serve", "--port", "0", "--database", database, "--log-level", "warning"],
                         cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port, out = wait_listening(p)
    while not healthy(port):
        time.sleep(0.001)
    return p, port, time.monotonic() - t0, out

def stop(p):
    p.terminate()
    p.wait(timeout=30)

def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")

def request(port, method, path, token, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status >= 300:
        raise SystemExit(f"{method} {path}: {r.status} {data[:200]}")
    return data

def wrk(port, token, seconds, connections, path="/api/v1/components"):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "-H", f"Authorization: Bearer {token}", f"http://127.0.0.1:{port}{path}"],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def latency(label):
        m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, latency("50"), latency("99"), int(errors.group(1)) if errors else 0

def measure(herald, engine, database, runs, seconds, connections):
    workdir = tempfile.mkdtemp(prefix="herald-bench-")
    try:
        # First start: empty database, so it includes the schema migrations and the bootstrap token.
        p, port, first_start, out = start(herald, database, workdir)
        token = re.search(r"hrld_[0-9a-f]{48}", out).group(0)
        for i in range(100):
            request(port, "POST", "/api/v1/components", token,
                    {"id": f"component-{i:03d}", "name": f"服务 {i}", "description": "基准测试组件 benchmark component",
                     "position": i, "owner_team": "platform", "runbook_url": f"https://wiki.example.com/runbooks/{i}"})
        stop(p)
        restarts = []
        for _ in range(runs):
            p, port, elapsed, _ = start(herald, database, workdir)
            restarts.append(elapsed)
            stop(p)
        p, port, _, _ = start(herald, database, workdir)
        time.sleep(3)
        idle = rss_mib(p.pid)
        assert len(json.loads(request(port, "GET", "/api/v1/components", token))["components"]) == 100
        wrk(port, token, 3, connections)  # warm-up
        rps, p50, p99, errors = wrk(port, token, seconds, connections)
        # The public status page and its JSON: rendered once, then served from cache after a
        # change-stamp query per request.
        public = {}
        for path in ["/", "/api/v2/summary.json"]:
            wrk(port, token, 3, connections, path)
            public[path] = wrk(port, token, seconds, connections, path)
        loaded = rss_mib(p.pid)
        stop(p)
        return {"engine": engine, "first_start_ms": first_start * 1000, "restart_ms_median": statistics.median(restarts) * 1000,
                "restart_ms_min": min(restarts) * 1000, "idle_rss_mib": idle, "rss_after_load_mib": loaded,
                "rps": rps, "p50_ms": p50, "p99_ms": p99, "non_2xx": errors, "connections": connections, "seconds": seconds,
                "public": {path: {"rps": r[0], "p50_ms": r[1], "p99_ms": r[2], "non_2xx": r[3]} for path, r in public.items()}}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((int(l.split()[1]) // 1024 // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores ({cpu}), {mem} GiB, {platform.system()} {platform.release()}"

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    results = [measure(args.herald, "SQLite", "sqlite:herald-data/bench.sqlite", args.runs, args.seconds, args.connections)]
    pg = os.environ.get("HERALD_TEST_POSTGRES_URL")
    if pg:
        results.append(measure(args.herald, "PostgreSQL", pg, args.runs, args.seconds, args.connections))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"### `herald serve` — {now}\n")
    print(f"Machine: {machine()}. Release build; load from `wrk -t2 -c{args.connections} -d{args.seconds}s` on the same machine.\n")
    print("| store | first start (migrations) | restart, median of %d | idle RSS | GET /api/v1/components (100 components) | p50 | p99 | RSS after load |" % args.runs)
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['engine']} | {r['first_start_ms']:.0f} ms | {r['restart_ms_median']:.0f} ms | {r['idle_rss_mib']:.1f} MiB "
              f"| {r['rps']:,.0f} req/s{' (%d non-2xx!)' % r['non_2xx'] if r['non_2xx'] else ''} | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms | {r['rss_after_load_mib']:.1f} MiB |")
    print()
    print("Public side, same servers: the status page and Statuspage JSON for 100 components, served from the cache.\n")
    print("| store | GET / (HTML) | p50 | p99 | GET /api/v2/summary.json | p50 | p99 |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        page, summary = r["public"]["/"], r["public"]["/api/v2/summary.json"]
        bad = lambda x: f" ({x['non_2xx']} non-2xx!)" if x["non_2xx"] else ""
        print(f"| {r['engine']} | {page['rps']:,.0f} req/s{bad(page)} | {page['p50_ms']:.2f} ms | {page['p99_ms']:.2f} ms "
              f"| {summary['rps']:,.0f} req/s{bad(summary)} | {summary['p50_ms']:.2f} ms | {summary['p99_ms']:.2f} ms |")
    print()
    json.dump(results, sys.stderr, indent=1)

if __name__ == "__main__":
    main()
