#!/usr/bin/env python3
"""Fan-out benchmark: one notice to N contacts over the signed webhook channel, delivered by a
release `herald serve` to a local sink (herald-bench-sink), on embedded SQLite and on PostgreSQL.
Also measures the sink's raw capacity with wrk in the same run. Run through Benchmarks/run."""
import argparse, csv, datetime, http.client, json, os, re, shutil, subprocess, sys, tempfile, threading, time
from serve import machine, wait_listening

SECRET = "bench-secret-0123456789abcdef"

def start_sink(sink):
    p = subprocess.Popen([sink, SECRET], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    os.set_blocking(p.stdout.fileno(), False)
    out, t0 = b"", time.monotonic()
    while time.monotonic() - t0 < 30:
        out += p.stdout.read() or b""
        m = re.search(rb"listening on (\d+)", out)
        if m:
            return p, int(m.group(1))
        time.sleep(0.01)
    raise SystemExit("sink did not start")

def get(port, method, path, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data

def sink_counts(port):
    return json.loads(get(port, "GET", "/count")[1])

def sink_capacity(port, seconds, connections, body):
    """Requests/s the sink answers with wrk POSTing a delivery-sized, signed-looking request."""
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write('wrk.method = "POST"\n')
    script.write(f"wrk.body = {json.dumps(body)}\n")
    script.write('wrk.headers["Content-Type"] = "application/json; charset=utf-8"\n')
    script.write('wrk.headers["X-Herald-Timestamp"] = "1795305600"\n')
    script.write('wrk.headers["X-Herald-Signature"] = "v1=' + "0" * 64 + '"\n')
    script.write('counter = 0\nrequest = function()\n counter = counter + 1\n')
    script.write(' wrk.headers["Idempotency-Key"] = "wrk:" .. counter\n return wrk.format()\nend\n')
    script.close()
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, f"http://127.0.0.1:{port}/hook/wrk"],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    get(port, "POST", "/reset")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

def client_capacity(sink, port, count):
    """Deliveries/s of Herald's WebhookChannel alone (same HTTP client, signing, 64 at a time), no queue."""
    out = subprocess.run([sink, "load", f"http://127.0.0.1:{port}/hook/load", str(count), "64", SECRET],
                         capture_output=True, text=True, check=True).stdout
    get(port, "POST", "/reset")
    return float(re.search(r"([\d.]+) per second", out).group(1))

def write_contacts(path, n, sink_port):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "language", "webhook"])
        for i in range(n):
            w.writerow([f"c{i:06d}", f"用户{i}", "zh-CN" if i % 3 else "en", f"http://127.0.0.1:{sink_port}/hook/{i % 1000}"])

NOTICE = """title: {{zh-CN: 支付系统升级维护, en: Payment system upgrade}}
reason: {{zh-CN: 为提升系统稳定性，我们将升级支付系统数据库。, en: We are upgrading the payment database to make it more reliable.}}
impact: {{zh-CN: 维护期间无法下单和付款。, en: Orders and payments are unavailable during the maintenance.}}
precautions: {{zh-CN: 请提前完成付款。, en: Please pay beforehand.}}
signature: {{zh-CN: 运维部, en: Operations team}}
contact: {{name: 值班工程师, phone: "+86 10 1234 5678", email: ops@example.com}}
components: [pay]
severity: medium
time_zone: Asia/Shanghai
planned_start: {start}
planned_end: {end}
"""

CONFIG = f"""catalogue:
  components:
    - {{id: pay, name: 支付网关}}
channels:
  webhook: {{secret: {SECRET}}}
outbound:
  allow: [127.0.0.1]   # the sink listens on loopback, which contacts' webhooks may not reach otherwise
"""

def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")

def fresh_postgres(url, name):
    psql = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
    psql = f"/usr/lib/postgresql/{psql}/bin/psql"
    subprocess.run([psql, url, "-qc", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    return url.replace("/postgres?", f"/{name}?")

def measure(herald, sink_port, engine, database, n):
    work = tempfile.mkdtemp(prefix="herald-fanout-")
    try:
        with open(f"{work}/herald.yaml", "w") as f:
            f.write(CONFIG)
        write_contacts(f"{work}/contacts.csv", n, sink_port)
        start = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))) + datetime.timedelta(days=3)
        with open(f"{work}/notice.yaml", "w") as f:
            f.write(NOTICE.format(start=start.replace(microsecond=0).isoformat(),
                                  end=(start + datetime.timedelta(hours=2)).replace(microsecond=0).isoformat()))
        common = ["--database", database, "--config", "herald.yaml"]
        # The tools refuse a database that does not exist; `herald migrate` creates it (not timed).
        subprocess.run([herald, "migrate", *common], cwd=work, check=True, capture_output=True)
        t0 = time.monotonic()
        subprocess.run([herald, "contacts", "import", "contacts.csv", *common], cwd=work, check=True, capture_output=True)
        imported = time.monotonic() - t0

        p = subprocess.Popen([herald, "serve", "--port", "0", "--log-format", "json", "--log-level", "info", *common],
                             cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_listening(p)
        fanned = {}
        def watch():
            for line in p.stderr:
                if b"announcement fanned out" in line and "at" not in fanned:
                    fanned["at"] = time.monotonic()
        threading.Thread(target=watch, daemon=True).start()

        published = time.monotonic()
        subprocess.run([herald, "notice", "publish", "notice.yaml", *common], cwd=work, check=True, capture_output=True)
        first = last = None
        unique = 0
        deadline = time.monotonic() + 1800
        while time.monotonic() < deadline:
            counts = sink_counts(sink_port)
            now = time.monotonic()
            if counts["received"] and first is None:
                first = now
            if counts["unique"] > unique:
                unique, last = counts["unique"], now
            if unique >= n:
                break
            time.sleep(0.05)
        rss = peak_rss_mib(p.pid)
        p.terminate()
        p.wait(timeout=60)
        counts = sink_counts(sink_port)
        get(sink_port, "POST", "/reset")
        plan = fanned.get("at", float("nan")) - published
        sending = last - fanned.get("at", first)
        return {"engine": engine, "contacts": n, "import_s": imported, "plan_s": plan, "first_delivery_s": first - published,
                "send_s": sending, "deliveries_per_s": unique / sending, "total_s": last - published,
                "received": counts["received"], "unique": counts["unique"], "bad_signatures": counts["bad_signatures"],
                "peak_rss_mib": rss}
    finally:
        shutil.rmtree(work, ignore_errors=True)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--herald", required=True)
    ap.add_argument("--sink", required=True)
    ap.add_argument("--contacts", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--only", choices=["sqlite", "postgres"], help="measure one store only")
    args = ap.parse_args()
    sink, port = start_sink(args.sink)
    try:
        body = json.dumps({"event": "notice.announcement", "notice": {"title": "支付系统升级维护" * 4, "text": "维护" * 300}})
        capacity = sink_capacity(port, args.seconds, 16, body)
        client = client_capacity(args.sink, port, min(args.contacts, 50_000))
        results = []
        if args.only != "postgres":
            results.append(measure(args.herald, port, "SQLite", "sqlite:herald-data/fanout.sqlite", args.contacts))
        pg = os.environ.get("HERALD_TEST_POSTGRES_URL")
        if pg and args.only != "sqlite":
            results.append(measure(args.herald, port, "PostgreSQL", fresh_postgres(pg, "herald_fanout"), args.contacts))
    finally:
        sink.terminate()
        sink.wait()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"### Fan-out of one notice to {args.contacts:,} contacts over the webhook channel — {now}\n")
    print(f"Machine: {machine()}. Release build. Herald, the sink and the database share the machine.\n")
    print(f"Sink raw capacity (`wrk -t2 -c16 -d{args.seconds}s`, POST of a {len(body.encode())}-byte body, same sink, same run): "
          f"**{capacity:,.0f} req/s**. Herald's webhook channel alone, without the queue (same HTTP client and "
          f"signing, 64 at a time): **{client:,.0f} deliveries/s**.\n")
    print("| store | import CSV | publish → fanned out (plan) | sending | deliveries/s | share of sink capacity | share of channel alone | publish → last delivery | peak RSS | received / unique / bad signatures |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['engine']} | {r['import_s']:.1f} s | {r['plan_s']:.2f} s | {r['send_s']:.1f} s | {r['deliveries_per_s']:,.0f} "
              f"| {r['deliveries_per_s'] / capacity:.0%} | {r['deliveries_per_s'] / client:.0%} | {r['total_s']:.1f} s | {r['peak_rss_mib']:.0f} MiB "
              f"| {r['received']:,} / {r['unique']:,} / {r['bad_signatures']} |")
    print()
    json.dump({"sink_capacity": capacity, "channel_alone": client, "results": results}, sys.stderr, indent=1)

if __name__ == "__main__":
    main()
