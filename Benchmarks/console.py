#!/usr/bin/env python3
"""Console benchmark: how fast a release `herald serve` renders the console's busiest pages for a
signed-in operator with 10,000 incidents and 100,000 contacts in the store, on embedded SQLite and
on PostgreSQL. Target (issue 15): the overview, the incident list and the notice composer under
20 ms p99. The public status page (Herald's cached page) is measured in the same rounds as the
in-run anchor, so the figures can be read as ratios on a machine that drifts. Rounds interleave the
pages (A B C D, A B C D, …) and the medians are quoted. Run through Benchmarks/run."""
import argparse, csv, http.client, json, os, re, statistics, subprocess, sys, tempfile, time, urllib.parse
from serve import machine, wait_listening

PASSWORD = "benchmark operator password"
PAGES = [("overview", "/console/"), ("incident list", "/console/incidents"), ("notice composer", "/console/notices/new"),
         ("status page (anchor)", "/")]


def request(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheaders(), data


def cookies(headers):
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            found[key] = val
    return found


def sign_in(port, email):
    """Signs in through the form as a browser does (its double-submit token) and returns the Cookie header."""
    _, headers, page = request(port, "GET", "/console/login")
    jar = cookies(headers)
    token = re.search(rb'name="csrf" value="([^"]+)"', page).group(1).decode()
    body = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf": token})
    status, headers, _ = request(port, "POST", "/console/login", body,
                                 {"Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
    jar.update(cookies(headers))
    if "herald_session" not in jar:
        raise SystemExit(f"sign-in failed: {status}")
    return f"herald_session={jar['herald_session']}"


def seed(herald, database, work, contacts, incidents):
    common = ["--database", database]
    with open(f"{work}/contacts.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "language", "email"])
        for i in range(contacts):
            w.writerow([f"c{i:06d}", f"用户{i}", "zh-CN" if i % 3 else "en", f"user{i}@example.com"])
    subprocess.run([herald, "migrate", *common], cwd=work, check=True, capture_output=True)
    t0 = time.monotonic()
    subprocess.run([herald, "contacts", "import", "contacts.csv", *common], cwd=work, check=True, capture_output=True)
    imported = time.monotonic() - t0
    subprocess.run([herald, "user", "create", "--email", "ops@example.com", "--name", "Ops", "--role", "admin", "--password-stdin", *common],
                   cwd=work, check=True, capture_output=True, input=(PASSWORD + "\n").encode())
    # 10,000 events in a minute or two is more than an integration's default 6,000 a minute.
    with open(f"{work}/herald.yaml", "w") as f:
        f.write("alerts:\n  rate_per_minute: 100000000\n  storm: false\n")
    p = subprocess.Popen([herald, "serve", "--port", "0", *common, "--log-level", "error", "--config", "herald.yaml"],
                         cwd=work, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    port, out = wait_listening(p)
    token = re.search(r"hrld_[0-9a-f]{48}", out)
    if token is None:  # printed once in the life of a database: make one for this run
        token_out = subprocess.run([herald, "token", "create", "--name", "bench", "--role", "admin", *common], cwd=work, check=True, capture_output=True).stdout.decode()
        token = re.search(r"hrld_[0-9a-f]{48}", token_out)
    auth = {"Authorization": f"Bearer {token.group(0)}", "Content-Type": "application/json"}
    status, _, body = request(port, "POST", "/api/v1/integrations", json.dumps({"name": "bench", "kind": "generic", "group_by": ["alertname"]}), auth)
    key = json.loads(body)["key"]
    t0 = time.monotonic()
    # Every event its own incident: alertname differs, so nothing groups.
    for i in range(incidents):
        event = {"action": "trigger", "dedup_key": f"k{i}", "summary": f"服务 {i} 不可用", "severity": ["critical", "error", "warning"][i % 3],
                 "labels": {"alertname": f"Down{i}", "service": f"svc{i % 50}"}}
        s, _, b = request(port, "POST", f"/api/v1/ingest/generic?key={key}", json.dumps(event), {"Content-Type": "application/json"})
        if s != 202:
            raise SystemExit(f"ingest answered {s}: {b[:200]}")
    ingested = time.monotonic() - t0
    return p, port, imported, ingested


def latency(port, path, cookie, seconds, connections):
    """wrk's p50/p99 in ms and requests/s for one page."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(f'wrk.headers["Cookie"] = "{cookie}"\n')
    script.close()
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script.name, f"http://127.0.0.1:{port}{path}"],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)

    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"p50": ms("50"), "p99": ms("99"), "rps": rps, "errors": int(non2xx.group(1)) if non2xx else 0}


def measure(herald, label, database, contacts, incidents, rounds, seconds, connections):
    with tempfile.TemporaryDirectory() as work:
        p, port, imported, ingested = seed(herald, database, work, contacts, incidents)
        try:
            cookie = sign_in(port, "ops@example.com")
            for _, path in PAGES:  # warm the caches and the connection pool once
                request(port, "GET", path, headers={"Cookie": cookie})
            runs = {name: [] for name, _ in PAGES}
            for _ in range(rounds):
                for name, path in PAGES:
                    runs[name].append(latency(port, path, cookie, seconds, connections))
            rss = int(next(l.split()[1] for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS:"))) // 1024
        finally:
            p.terminate()
            p.wait(timeout=30)
    return {"store": label, "import_s": imported, "ingest_s": ingested, "rss_mib": rss, "runs": runs}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", required=True)
    ap.add_argument("--contacts", type=int, default=100_000)
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=4)
    args = ap.parse_args()
    results = [measure(args.herald, "SQLite", "sqlite:herald-data/bench.sqlite", args.contacts, args.incidents, args.rounds, args.seconds, args.connections)]
    if os.environ.get("HERALD_TEST_POSTGRES_URL"):
        results.append(measure(args.herald, "PostgreSQL", os.environ["HERALD_TEST_POSTGRES_URL"], args.contacts, args.incidents,
                               args.rounds, args.seconds, args.connections))
    print(f"### Console pages ({time.strftime('%Y-%m-%d', time.gmtime())}, {machine()})\n")
    print(f"Release build; {args.contacts:,} contacts and {args.incidents:,} open incidents in the store; a signed-in admin; "
          f"`wrk -t1 -c{args.connections} -d{args.seconds}s --latency`, {args.rounds} interleaved rounds, medians (spread). "
          "Target: under 20 ms p99. The status page is Herald's cached public page, measured in the same rounds.\n")
    print("| store | page | p50 ms | p99 ms (min–max) | req/s | non-2xx | p99 vs status page |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        anchor = statistics.median(run["p99"] for run in r["runs"]["status page (anchor)"])
        for name, _ in PAGES:
            runs = r["runs"][name]
            p99s = [run["p99"] for run in runs]
            print(f"| {r['store']} | {name} | {statistics.median(run['p50'] for run in runs):.2f} | {statistics.median(p99s):.2f} "
                  f"({min(p99s):.2f}–{max(p99s):.2f}) | {statistics.median(run['rps'] for run in runs):,.0f} | {sum(run['errors'] for run in runs)} | "
                  f"{statistics.median(p99s) / anchor:.1f}× |")
        print(f"| {r['store']} | (seeding) | import {r['import_s']:.1f} s, ingest {r['ingest_s']:.1f} s | | RSS {r['rss_mib']} MiB | | |")
    print()
    json.dump(results, sys.stderr)


if __name__ == "__main__":
    main()
