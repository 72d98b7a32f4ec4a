#!/usr/bin/env python3
"""Backups: how long `herald backup` takes on a ~100 MB SQLite database while `herald serve` runs,
and the longest pause a write saw meanwhile (POST /api/v1/contacts in a loop, before and during).

    python3 Benchmarks/backup.py .build/release/herald [MEGABYTES]
"""
import json, os, re, shutil, sqlite3, subprocess, sys, tempfile, threading, time, urllib.request

herald = os.path.abspath(sys.argv[1])
megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 100
work = tempfile.mkdtemp(prefix="herald-backup-bench-")
database = os.path.join(work, "herald.sqlite")
subprocess.run([herald, "migrate", "--database", f"sqlite:{database}"], check=True, capture_output=True)

# Rows of the audit log and contacts, about 1 KiB each, as years of use would leave them.
filler = sqlite3.connect(database)
rows = megabytes * 1000
detail = "x" * 900
filler.executemany(
    "INSERT INTO audit_events (at, actor, action, record_kind, record_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
    ((1_700_000_000_000 + i, "token:bench", "update", "contact", f"c{i}", f"{i} {detail}") for i in range(rows)))
filler.commit()
filler.close()
size = os.path.getsize(database) / 1e6

server = subprocess.Popen([herald, "serve", "--port", "0", "--database", f"sqlite:{database}"], cwd=work,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
base = token = None
for line in server.stdout:
    token = token or (re.search(r"hrld_[0-9a-f]{48}", line) or [None])[0]
    found = re.search(r"listening on (http://\S+)", line)
    if found:
        base = found.group(1)
        break
threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()

def write(i):
    body = json.dumps({"id": f"w{i}", "name": f"w{i}", "addresses": {"email": f"w{i}@example.com"}}).encode()
    request = urllib.request.Request(f"{base}/api/v1/contacts", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    started = time.monotonic()
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 201
    return started, time.monotonic()

samples, stop = [], threading.Event()
def writer():
    i = 0
    while not stop.is_set():
        samples.append(write(i))
        i += 1
thread = threading.Thread(target=writer)
thread.start()
time.sleep(3)
began = time.monotonic()
backup = subprocess.run([herald, "backup", "--to", os.path.join(work, "backups"), "--database", f"sqlite:{database}"],
                        cwd=work, capture_output=True, text=True, check=True)
ended = time.monotonic()
time.sleep(1)
stop.set()
thread.join()
server.terminate()
server.wait()

before = [e - s for s, e in samples if e < began]
during = [e - s for s, e in samples if s >= began and e <= ended] + [e - s for s, e in samples if s < ended and e > ended]
print(f"database {size:.0f} MB ({rows} audit rows); backup took {ended - began:.2f} s")
print(f"writes before: {len(before)}, longest {max(before) * 1000:.1f} ms, median {sorted(before)[len(before) // 2] * 1000:.1f} ms")
print(f"writes during: {len(during)}, longest {max(during) * 1000:.1f} ms, median {sorted(during)[len(during) // 2] * 1000:.1f} ms")
print(backup.stdout.strip().replace(work, "…"))
shutil.rmtree(work)
