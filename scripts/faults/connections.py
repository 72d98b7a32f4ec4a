#!/usr/bin/env python3
"""Connection faults against a real `herald serve`, on loopback only, bounded in time (about 40 s).

    python3 scripts/faults/connections.py .build/debug/herald          # prints figures, exits 1 on a failed check
    python3 scripts/faults/connections.py .build/debug/herald --json   # one JSON object (what the test reads)

Herald runs with its open-files limit pinned at --fd-limit (default 1,024, soft and hard alike, so
that raising the soft limit to the hard one cannot hide the fault) in a throwaway directory.

1. flood:     more idle TCP connections than the fd limit (--idle, default 1,100) that never send a byte;
              while they are open, 10 /healthz probes (2 s each), Herald's CPU and whether it lives;
              then, past the header timeout, how many of them Herald has closed, and 10 probes again.
2. slowloris: a request head sent a byte every 300 ms is cut off at the header timeout with 408; a
              kept-alive connection is closed after the idle timeout.
3. busy:      at max_connections with every connection busy (a body that never finishes), one more
              connection gets 503 problem+json at once; and after the body timeout they are closed.

The script needs more open files itself than it opens connections: it raises its own soft limit.
"""
import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HEADER_TIMEOUT = 3
BODY_TIMEOUT = 3
IDLE_TIMEOUT = 2


class Herald:
    def __init__(self, binary, fd_limit, config):
        self.dir = tempfile.mkdtemp(prefix="herald-faults-")
        path = os.path.join(self.dir, "herald.yaml")
        with open(path, "w") as f:
            f.write(config)

        def limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (fd_limit, fd_limit))

        self.stderr = open(os.path.join(self.dir, "stderr.log"), "w+")
        self.proc = subprocess.Popen(
            [os.path.abspath(binary), "serve", "--port", "0", "--config", path, "--database", "sqlite:" + os.path.join(self.dir, "h.sqlite")],
            cwd=self.dir, stdout=subprocess.PIPE, stderr=self.stderr, preexec_fn=limit, text=True)
        self.port = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            raise SystemExit("herald did not start:\n" + self.errors())
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()

    def cpu_seconds(self):
        with open(f"/proc/{self.proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def alive(self):
        return self.proc.poll() is None

    def errors(self):
        self.stderr.flush()
        self.stderr.seek(0)
        return self.stderr.read()

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def request(port, raw, timeout=2.0):
    """Sends raw bytes on a new connection; returns (status or None, seconds, answer)."""
    start, data = time.monotonic(), b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(max(0.05, timeout - (time.monotonic() - start)))
            s.sendall(raw)
            while chunk := s.recv(65536):
                data += chunk
    except OSError:
        pass  # a timeout or a reset: whatever arrived before it counts
    m = re.match(rb"HTTP/1\.1 (\d{3})", data)
    return (int(m.group(1)) if m else None), time.monotonic() - start, data


def probes(port, n=10):
    results = [request(port, b"GET /healthz HTTP/1.1\r\nHost: herald\r\nConnection: close\r\n\r\n") for _ in range(n)]
    answered = [t for status, t, _ in results if status == 200]
    return {"answered": len(answered), "of": n, "slowest_ms": round(max(answered) * 1000) if answered else None}


def open_idle(port, n):
    """Opens n connections that never send a byte; returns the sockets and how many could not connect."""
    held, failed = [], 0
    for _ in range(n):
        s = socket.socket()
        s.settimeout(1.0)
        try:
            s.connect(("127.0.0.1", port))
            held.append(s)
        except OSError:
            failed += 1
            s.close()
    return held, failed


def closed_by_server(sockets):
    closed = 0
    for s in sockets:
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    return closed


def flood(binary, fd_limit, idle, settings=True):
    config = f"server:\n  header_timeout_seconds: {HEADER_TIMEOUT}\n  body_timeout_seconds: {BODY_TIMEOUT}\n" if settings else "log_level: info\n"
    herald = Herald(binary, fd_limit, config)
    result = {}
    try:
        result["baseline"] = probes(herald.port, 3)
        held, failed = open_idle(herald.port, idle)
        result["idle_opened"] = len(held)
        result["idle_not_connected"] = failed
        # Accepting (and shedding) the flood is work, not spinning: give it up to 15 s to end, measured
        # by CPU in 300 ms slices, so that a loaded machine's slower accepting does not read as a spin.
        # A spinning accept loop never settles and fails the check below all the same.
        settle = time.monotonic()
        while time.monotonic() - settle < 15:
            before = herald.cpu_seconds()
            time.sleep(0.3)
            if herald.cpu_seconds() - before < 0.3 * 0.3:
                break
        result["settled_after_s"] = round(time.monotonic() - settle, 1)
        cpu = herald.cpu_seconds()
        start = time.monotonic()
        result["during"] = probes(herald.port)
        # CPU over a quiet second as well as the probes: a spinning accept loop shows here.
        time.sleep(max(0.0, 2.0 - (time.monotonic() - start)))
        result["cpu_percent"] = round(100 * (herald.cpu_seconds() - cpu) / (time.monotonic() - start))
        result["alive_during"] = herald.alive()
        time.sleep(HEADER_TIMEOUT + 2)
        result["idle_closed_by_herald"] = closed_by_server(held)
        for s in held:
            s.close()
        result["after"] = probes(herald.port)
        result["alive_after"] = herald.alive()
    finally:
        errors = herald.errors()
        crash = [line for line in errors.splitlines() if "Fatal error" in line or "Illegal instruction" in line or "Crash" in line]
        result["crash"] = crash[:3]
        result["exit"] = herald.proc.poll()
        if result["exit"] is not None:
            result["stderr_tail"] = errors.splitlines()[-8:]
        herald.stop()
    return result


def slowloris(binary, fd_limit):
    herald = Herald(binary, fd_limit, f"server:\n  header_timeout_seconds: {HEADER_TIMEOUT}\n  idle_timeout_seconds: {IDLE_TIMEOUT}\n")
    try:
        # A kept-alive connection: answered, then closed after the idle timeout without a word.
        kept = socket.create_connection(("127.0.0.1", herald.port), timeout=IDLE_TIMEOUT + 5)
        kept.sendall(b"GET /healthz HTTP/1.1\r\nHost: herald\r\n\r\n")
        first = kept.recv(65536)
        start = time.monotonic()
        try:
            while kept.recv(65536):
                pass
        except OSError:
            pass
        idle = {"answered": first.startswith(b"HTTP/1.1 200"), "closed_after_s": round(time.monotonic() - start, 1)}
        kept.close()

        s = socket.create_connection(("127.0.0.1", herald.port), timeout=10)
        head = b"GET /healthz HTTP/1.1\r\nHost: herald\r\nX-Slow: " + b"a" * 100
        start, cut, answer = time.monotonic(), None, b""
        for byte in head:
            try:
                s.sendall(bytes([byte]))
            except OSError:
                break
            s.setblocking(False)
            try:
                chunk = s.recv(4096)
                answer += chunk
                if chunk == b"" or answer:
                    break
            except BlockingIOError:
                pass
            except OSError:
                break
            s.setblocking(True)
            if time.monotonic() - start > HEADER_TIMEOUT + 5:
                break
            time.sleep(0.3)
        s.settimeout(2)
        try:
            while chunk := s.recv(4096):
                answer += chunk
        except OSError:
            pass
        cut = time.monotonic() - start
        s.close()
        m = re.match(rb"HTTP/1\.1 (\d{3})", answer)
        return {"status": int(m.group(1)) if m else None, "cut_after_s": round(cut, 1), "alive": herald.alive(), "keep_alive": idle}
    finally:
        herald.stop()


def busy(binary, fd_limit):
    herald = Herald(binary, fd_limit, f"server:\n  max_connections: 16\n  body_timeout_seconds: {BODY_TIMEOUT}\n")
    try:
        held = []
        for _ in range(16):
            s = socket.create_connection(("127.0.0.1", herald.port), timeout=5)
            s.sendall(b"POST /subscribe HTTP/1.1\r\nHost: herald\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=")
            held.append(s)
        time.sleep(0.5)
        status, seconds, body = request(herald.port, b"GET /healthz HTTP/1.1\r\nHost: herald\r\n\r\n", timeout=5)
        refused = {"status": status, "ms": round(seconds * 1000), "problem_json": b"application/problem+json" in body}
        time.sleep(BODY_TIMEOUT + 1.5)
        answers = []
        for s in held:
            s.settimeout(2)
            data = b""
            try:
                while chunk := s.recv(4096):
                    data += chunk
            except OSError:
                pass
            m = re.match(rb"HTTP/1\.1 (\d{3})", data)
            answers.append(int(m.group(1)) if m else None)
            s.close()
        return {"refused": refused, "slow_bodies_answered": answers.count(408), "answers": sorted(set(map(str, answers))), "of": len(held), "after": probes(herald.port, 3),
                "alive": herald.alive()}
    finally:
        herald.stop()


def checks(r):
    f, sl, b = r["flood"], r.get("slowloris"), r.get("busy")
    yield "herald lives through the flood", f["alive_during"] and f["alive_after"] and not f["crash"]
    yield "every /healthz probe is answered while the idle connections are open", f["during"]["answered"] == f["during"]["of"]
    yield "herald does not spin while they are open (under 50 % of a core)", f["cpu_percent"] < 50
    yield "herald closed the silent connections after the header timeout", f["idle_closed_by_herald"] >= f["idle_opened"] * 0.95
    yield "every probe is answered afterwards", f["after"]["answered"] == f["after"]["of"]
    if sl is not None:
        yield "a head trickled a byte at a time is cut off with 408 at the header timeout", \
            sl["status"] == 408 and sl["cut_after_s"] < HEADER_TIMEOUT + 3 and sl["alive"]
        yield "a kept-alive connection is answered, then closed after the idle timeout", \
            sl["keep_alive"]["answered"] and IDLE_TIMEOUT - 0.5 <= sl["keep_alive"]["closed_after_s"] < IDLE_TIMEOUT + 3
    if b is not None:
        yield "at the limit with every connection busy, one more gets 503 problem+json at once", \
            b["refused"]["status"] == 503 and b["refused"]["problem_json"] and b["refused"]["ms"] < 2000
        yield "bodies that never finish get 408 at the body timeout", b["slow_bodies_answered"] == b["of"]
        yield "probes are answered after that", b["after"]["answered"] == b["after"]["of"] and b["alive"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("herald", help="the herald binary")
    parser.add_argument("--fd-limit", type=int, default=1024)
    parser.add_argument("--idle", type=int, default=1100)
    parser.add_argument("--only-flood", action="store_true",
                        help="only the flood, with no connection settings in the config (to measure a build without them)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = args.idle + 256
    if soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(need, soft), hard), hard))

    results = {"fd_limit": args.fd_limit, "flood": flood(args.herald, args.fd_limit, args.idle, settings=not args.only_flood)}
    if not args.only_flood:
        results["slowloris"] = slowloris(args.herald, args.fd_limit)
        results["busy"] = busy(args.herald, args.fd_limit)
    results["checks"] = [{"check": name, "passed": bool(ok)} for name, ok in checks(results)]
    if args.json:
        print(json.dumps(results))
    else:
        print(json.dumps({k: v for k, v in results.items() if k != "checks"}, indent=2))
        for c in results["checks"]:
            print(("ok    " if c["passed"] else "FAIL  ") + c["check"])
    sys.exit(0 if all(c["passed"] for c in results["checks"]) else 1)


if __name__ == "__main__":
    main()
