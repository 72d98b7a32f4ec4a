#!/usr/bin/env python3
"""The anchors Herald is measured against, each started on loopback for one run: an nginx sink that
answers every POST with 200 (the webhook receiver both sides page), and Prometheus Alertmanager.
Debian: apt-get install nginx prometheus-alertmanager wrk."""
import os, shutil, socket, subprocess, tempfile, time, urllib.request

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port

def wait_http(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{url} did not answer in {timeout} s")

def rss_mib(pid):
    """Resident memory of `pid` in MiB, from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0

class NginxSink:
    """nginx answering 200 to every request on `port`: where both sides' webhooks go."""
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="herald-nginx-")
        self.port = free_port()
        conf = f"""worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log crit;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {self.dir}/body;
    proxy_temp_path {self.dir}/proxy;
    fastcgi_temp_path {self.dir}/fastcgi;
    uwsgi_temp_path {self.dir}/uwsgi;
    scgi_temp_path {self.dir}/scgi;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{self.port};
        location / {{ return 200 "ok"; }}
    }}
}}
"""
        with open(f"{self.dir}/nginx.conf", "w") as f:
            f.write(conf)
        self.process = subprocess.Popen(["nginx", "-c", f"{self.dir}/nginx.conf", "-p", self.dir, "-g", "daemon off;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(f"http://127.0.0.1:{self.port}/")

    def url(self, path="/hook"):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)

class Alertmanager:
    """Alertmanager 0.25 (Debian's prometheus-alertmanager), one group per alertname and no group
    wait, sending to a webhook receiver at `webhook`: every new alert is its own notification."""
    def __init__(self, webhook):
        self.dir = tempfile.mkdtemp(prefix="herald-alertmanager-")
        self.port = free_port()
        with open(f"{self.dir}/alertmanager.yml", "w") as f:
            f.write(f"""route:
  receiver: sink
  group_by: ['alertname']
  group_wait: 0s
  group_interval: 1m
  repeat_interval: 4h
receivers:
  - name: sink
    webhook_configs:
      - url: '{webhook}'
        send_resolved: false
""")
        self.process = subprocess.Popen(
            ["prometheus-alertmanager", f"--config.file={self.dir}/alertmanager.yml", f"--storage.path={self.dir}/data",
             f"--web.listen-address=127.0.0.1:{self.port}", "--cluster.listen-address=", "--log.level=error"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(f"http://127.0.0.1:{self.port}/-/ready")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)
