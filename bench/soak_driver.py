#!/usr/bin/env python3
"""Traffic and measurements for bench/soak.sh (which starts the server; see bench/README.md).

Valid AdmissionReviews (deny, allow with warnings, allow, DELETE) on keep-alive connections,
checked in full (status 200, uid echoed, the expected decision), together with hostile traffic:
malformed JSON, oversize bodies, malformed HTTP, garbage bytes, plaintext HTTP, half-open TLS,
clients gone mid-handshake and mid-request, and a pool of idle connections. Every 20 s the
certificate is rotated, the config file rewritten, and every third time replaced by an invalid
one. Samples the server's RSS and descriptors from /proc, prints a report (and JSON with
--json), and exits 1 when a valid request failed, descriptors grew, or RSS grew beyond the
threshold after warm-up.
"""
import argparse
import collections
import http.client
import json
import os
import random
import re
import select
import socket
import ssl
import subprocess
import sys
import threading
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client_hello():
    """The bytes of a TLS ClientHello, as a client sends them first."""
    ctx = ssl.create_default_context()
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.errors = collections.Counter()  # valid-request failures by description

    def add(self, key, n=1):
        with self.lock:
            self.counts[key] += n

    def error(self, what):
        with self.lock:
            self.counts["valid_errors"] += 1
            self.errors[what[:160]] += 1


class Soak:
    def __init__(self, args):
        self.args = args
        self.stop = threading.Event()
        self.stop_hostile = threading.Event()
        self.c = Counters()
        self.ctx = ssl.create_default_context(cafile=os.path.join(args.dir, "ca.crt"))
        self.hello = client_hello()
        self.samples = []  # valid review templates: (name, body with UID placeholder, check)
        self.latencies = []
        for name, expect in (("deny", "denied"), ("warn", "warnings"), ("allow", "allowed"),
                             ("delete", "allowed")):
            with open(os.path.join(args.dir, f"{name}.json")) as f:
                self.samples.append((name, f.read(), expect))

    # --- valid traffic ---------------------------------------------------------------------
    def connect(self):
        return http.client.HTTPSConnection("127.0.0.1", self.args.port, context=self.ctx,
                                           timeout=self.args.request_timeout)

    def valid_worker(self, index, interval):
        conn = self.connect()
        n = 0
        next_at = time.monotonic()
        while not self.stop.is_set():
            name, template, expect = self.samples[n % len(self.samples)]
            uid = f"soak-{index}-{n}"
            body = template.replace("SOAK-UID", uid).encode()
            n += 1
            started = time.monotonic()
            try:
                conn.request("POST", "/validate", body, {"Content-Type": "application/json"})
                res = conn.getresponse()
                data = res.read()
                self.latencies.append(time.monotonic() - started)
                if res.status != 200:
                    self.c.error(f"{name}: HTTP {res.status} {data[:80]!r}")
                else:
                    review = json.loads(data)["response"]
                    if review.get("uid") != uid:
                        self.c.error(f"{name}: uid {review.get('uid')!r} for {uid!r}")
                    elif (expect == "denied") == review.get("allowed"):
                        self.c.error(f"{name}: allowed={review.get('allowed')}")
                    elif expect == "warnings" and not review.get("warnings"):
                        self.c.error(f"{name}: no warnings")
                    else:
                        self.c.add("valid_ok")
                        self.c.add(f"valid_{name}")
            except Exception as e:  # timeouts, resets: all count
                self.c.error(f"{name}: {type(e).__name__}: {e}")
                conn.close()
                conn = self.connect()
            # A fresh connection now and then: handshakes with the rotated certificates too.
            if n % 200 == 0:
                conn.close()
                conn = self.connect()
            next_at += interval
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            else:
                next_at = time.monotonic()
        conn.close()

    # --- hostile traffic -------------------------------------------------------------------
    def tls_socket(self):
        raw = socket.create_connection(("127.0.0.1", self.args.port), timeout=5)
        return self.ctx.wrap_socket(raw, server_hostname="localhost")

    def http_over_tls(self, payload):
        """Sends `payload` whole, returns the response status (0: none)."""
        with self.tls_socket() as s:
            s.sendall(payload)
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            m = re.match(rb"HTTP/1\.1 (\d+)", data)
            return int(m.group(1)) if m else 0

    def closed_within(self, s, seconds):
        """Reads and discards until the server closes; True when it did within `seconds`."""
        end = time.monotonic() + seconds
        poller = select.poll()
        poller.register(s, select.POLLIN)
        while time.monotonic() < end:
            if not poller.poll(max(0, int((end - time.monotonic()) * 1000))):
                continue
            try:
                if not s.recv(65536):
                    return True
            except OSError:
                return True
        return False

    def raw_then_close_check(self, kind, payload):
        with socket.create_connection(("127.0.0.1", self.args.port), timeout=5) as s:
            s.sendall(payload)
            prompt = self.closed_within(s, 2.0)
        self.c.add(f"hostile_{kind}")
        if not prompt:
            self.c.add(f"hostile_{kind}_not_closed_within_2s")

    def hostile_once(self, kind, review):
        head = ("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                "Content-Length: {}\r\n\r\n")
        if kind == "malformed_json":
            body = b'{"apiVersion": "admission.k8s.io/v1", "kind": '
            status = self.http_over_tls(head.format(len(body)).encode() + body)
            self.c.add(f"hostile_{kind}")
            self.c.add(f"hostile_{kind}_http_{status}")
        elif kind == "oversize_body":
            size = self.args.body_limit + 1024 * 1024
            status = self.http_over_tls(head.format(size).encode() + b" " * size)
            self.c.add(f"hostile_{kind}")
            self.c.add(f"hostile_{kind}_http_{status}")
        elif kind == "malformed_http":
            status = self.http_over_tls(b"FETCH\x01 /validate HTTP/9\r\n\r\n")
            self.c.add(f"hostile_{kind}")
            self.c.add(f"hostile_{kind}_http_{status}")
        elif kind == "garbage_bytes":
            noise = bytearray(random.getrandbits(8) for _ in range(2048))
            noise[0] = ord("Z")  # not a TLS record type: a handshake failure, not a wait
            self.raw_then_close_check(kind, bytes(noise))
        elif kind == "plaintext_http":
            self.raw_then_close_check(kind, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        elif kind == "disconnect_mid_request":
            s = self.tls_socket()
            s.sendall(head.format(len(review)).encode() + review[: len(review) // 2])
            if random.random() < 0.5:  # a reset rather than a FIN
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
            s.close()
            self.c.add(f"hostile_{kind}")
        elif kind == "disconnect_mid_handshake":
            with socket.create_connection(("127.0.0.1", self.args.port), timeout=5) as s:
                s.sendall(self.hello)
            self.c.add(f"hostile_{kind}")
        elif kind == "half_open_tls":
            # Part of a ClientHello, then silence: held by the idle pool until the server cuts it.
            s = socket.create_connection(("127.0.0.1", self.args.port), timeout=5)
            s.sendall(self.hello[: len(self.hello) // 2])
            self.idle.hand_over(s, "half_open_tls")
            self.c.add(f"hostile_{kind}")

    def hostile_worker(self, kinds, interval):
        review = self.samples[0][1].encode()
        i = 0
        while not self.stop_hostile.is_set():
            kind = kinds[i % len(kinds)]
            i += 1
            try:
                self.hostile_once(kind, review)
            except Exception as e:
                self.c.add(f"hostile_{kind}_client_error_{type(e).__name__}")
            self.stop_hostile.wait(interval)

    # --- rotation of certificate and config --------------------------------------------------
    def rotate(self, every):
        d = self.args.dir
        n = 0
        while not self.stop.wait(every):
            n += 1
            try:
                # As a mounted Secret is updated: a new directory, then a symlink swap.
                subprocess.run(["sh", os.path.join(d, "make-cert.sh"), d, f"rot{n}"], check=True,
                               capture_output=True)
                os.symlink(f"certs/rot{n}", os.path.join(d, "current.new"))
                os.replace(os.path.join(d, "current.new"), os.path.join(d, "current"))
                self.c.add("rotations_certificate")
                text = ("rules:\n  TL103: loud\n" if n % 3 == 0 else
                        f"# revision {n}\nwebhook:\n  mode: enforce\n")
                with open(os.path.join(d, "config.yaml.new"), "w") as f:
                    f.write(text)
                os.replace(os.path.join(d, "config.yaml.new"), os.path.join(d, "config.yaml"))
                self.c.add("rotations_config_invalid" if n % 3 == 0 else "rotations_config_valid")
            except Exception as e:
                self.c.add(f"rotation_error_{type(e).__name__}")

    # --- run -------------------------------------------------------------------------------
    def metrics(self):
        try:
            conn = self.connect()
            conn.request("GET", "/metrics")
            text = conn.getresponse().read().decode()
            conn.close()
            return text
        except Exception:
            return ""

    def run(self):
        a = self.args
        pid = a.pid
        fds_start, rss_start = fd_count(pid), rss_kib(pid)
        self.idle = IdlePool(self, a.idle)
        threads = [threading.Thread(target=self.idle.run)]
        per_worker = a.valid_workers / a.valid_rate
        threads += [threading.Thread(target=self.valid_worker, args=(i, per_worker))
                    for i in range(a.valid_workers)]
        kinds = ["malformed_json", "garbage_bytes", "disconnect_mid_request", "half_open_tls",
                 "plaintext_http", "malformed_http", "disconnect_mid_handshake", "oversize_body"]
        threads += [threading.Thread(target=self.hostile_worker,
                                     args=(kinds[i::2], 2 / a.hostile_rate)) for i in range(2)]
        threads += [threading.Thread(target=self.rotate, args=(a.rotate_every,))]
        for t in threads:
            t.start()
        started = time.monotonic()
        warm_up = max(10.0, a.duration * 0.1)
        samples = []  # (seconds, rss KiB, fds)
        marks = {}
        next_report = 0.0
        while True:
            t = time.monotonic() - started
            if t >= a.duration:
                break
            samples.append((round(t, 1), rss_kib(pid), fd_count(pid)))
            if "warm" not in marks and t >= warm_up:
                marks["warm"] = samples[-1]
            if "middle" not in marks and t >= a.duration / 2:
                marks["middle"] = samples[-1]
            if t >= next_report:
                with self.c.lock:
                    ok, bad = self.c.counts["valid_ok"], self.c.counts["valid_errors"]
                print(f"  t={t:5.0f}s rss={samples[-1][1] / 1024:.1f} MiB fds={samples[-1][2]} "
                      f"valid ok={ok} errors={bad}", flush=True)
                next_report += max(10.0, a.duration / 10)
            time.sleep(min(5.0, max(0.1, a.duration - t)))
        marks["end"] = (round(time.monotonic() - started, 1), rss_kib(pid), fd_count(pid))
        metrics_under_load = self.metrics()
        self.stop.set()
        self.stop_hostile.set()
        for t in threads:
            t.join()
        self.idle.close_all()
        # Every client is gone: the server must be back to its starting descriptors (half-open
        # connections it had not cut yet go at the next read deadline).
        settle_end = time.monotonic() + a.read_timeout + 5
        fds_end = fd_count(pid)
        while fds_end > fds_start and time.monotonic() < settle_end:
            time.sleep(0.2)
            fds_end = fd_count(pid)
        rss_end_idle = rss_kib(pid)
        return self.report(fds_start, fds_end, rss_start, marks, rss_end_idle, samples,
                           metrics_under_load)

    def report(self, fds_start, fds_end, rss_start, marks, rss_end_idle, samples, metrics):
        a = self.args
        counts = self.c.counts
        lat = sorted(self.latencies)
        pct = (lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000) if lat else (
            lambda p: 0.0)
        rss_warm, rss_end = marks["warm"][1], marks["end"][1]
        growth = (rss_end - rss_warm) / rss_warm if rss_warm else 0.0
        rss_fail = growth > a.rss_growth and (rss_end - rss_warm) > a.rss_slack_kib
        server_side = {m.group(1): float(m.group(2)) for m in re.finditer(
            r"^(titanlint_connections_(?:dropped|rejected)_total(?:\{[^}]*\})?|"
            r"titanlint_(?:config|certificate)_reload(?:s|_failures)_total|"
            r"titanlint_http_responses_total\{[^}]*\}|titanlint_accept_errors_total) (\S+)$",
            metrics, re.M)}
        result = {
            "duration_s": a.duration,
            "valid": {"ok": counts["valid_ok"], "errors": counts["valid_errors"],
                      "by_kind": {k[6:]: v for k, v in counts.items()
                                  if k.startswith("valid_") and k not in (
                                      "valid_ok", "valid_errors")},
                      "p50_ms": round(pct(0.5), 2), "p99_ms": round(pct(0.99), 2),
                      "error_samples": dict(self.c.errors.most_common(10))},
            "hostile": {k[8:]: v for k, v in sorted(counts.items()) if k.startswith("hostile_")},
            "idle_pool": {k[5:]: v for k, v in sorted(counts.items()) if k.startswith("idle_")},
            "held_until_cut_s": {k: {"min": round(min(v), 1), "max": round(max(v), 1)}
                                 for k, v in self.idle.held.items() if v},
            "server_cpu_s": round(cpu_seconds(a.pid), 1),
            "rotations": {k[10:]: v for k, v in sorted(counts.items())
                          if k.startswith("rotation")},
            "rss_mib": {"start": round(rss_start / 1024, 1),
                        "after_warm_up": round(rss_warm / 1024, 1),
                        "middle": round(marks.get("middle", marks["end"])[1] / 1024, 1),
                        "end": round(rss_end / 1024, 1),
                        "end_idle": round(rss_end_idle / 1024, 1),
                        "growth_after_warm_up": round(growth, 3),
                        "max": round(max(s[1] for s in samples) / 1024, 1) if samples else 0},
            "fds": {"start": fds_start, "end": fds_end,
                    "max": max(s[2] for s in samples) if samples else 0},
            "server_metrics": server_side,
        }
        failures = []
        if counts["valid_errors"] > 0:
            failures.append(f"{counts['valid_errors']} valid requests failed")
        if counts["valid_ok"] == 0:
            failures.append("no valid request succeeded")
        if fds_end > fds_start:
            failures.append(f"descriptors grew: {fds_start} -> {fds_end}")
        if rss_fail:
            failures.append(f"RSS grew {growth:.0%} after warm-up (limit {a.rss_growth:.0%} and "
                            f"{a.rss_slack_kib // 1024} MiB)")
        result["failures"] = failures
        print(json.dumps(result, indent=2))
        if a.json:
            with open(a.json, "w") as f:
                json.dump(result, f, indent=2)
        return 1 if failures else 0


class IdlePool:
    """Connections that never send a byte (and handed-over half-open TLS ones): kept open until
    the server closes them, replaced so that `size` idle ones stay open."""

    def __init__(self, soak, size):
        self.soak, self.size = soak, size
        self.lock = threading.Lock()
        self.socks = {}  # socket -> (kind, opened at)
        self.held = {}  # kind -> seconds each was held open until the server closed it

    def hand_over(self, s, kind):
        with self.lock:
            self.socks[s] = (kind, time.monotonic())

    def open_one(self):
        s = socket.create_connection(("127.0.0.1", self.soak.args.port), timeout=5)
        self.hand_over(s, "idle")
        self.soak.c.add("idle_opened")

    def run(self):
        c = self.soak.c
        while not self.soak.stop_hostile.is_set():
            with self.lock:
                idle_now = sum(1 for k, _ in self.socks.values() if k == "idle")
                by_fd = {s.fileno(): s for s in self.socks}
            try:
                for _ in range(self.size - idle_now):
                    self.open_one()
            except OSError as e:
                c.add(f"idle_open_error_{type(e).__name__}")
            if not by_fd:
                time.sleep(0.5)
                continue
            poller = select.poll()
            for fd in by_fd:
                poller.register(fd, select.POLLIN)
            for fd, _ in poller.poll(500):
                s = by_fd[fd]
                try:
                    gone = not s.recv(4096)
                except OSError:
                    gone = True
                if gone:
                    with self.lock:
                        kind, opened = self.socks.pop(s)
                    s.close()
                    self.held.setdefault(kind, []).append(time.monotonic() - opened)
                    c.add(f"idle_{kind}_closed_by_server")

    def close_all(self):
        with self.lock:
            for s in self.socks:
                s.close()
            self.socks.clear()


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--dir", required=True, help="ca.crt, the reviews, make-cert.sh, config.yaml")
    p.add_argument("--duration", type=float, default=600)
    p.add_argument("--valid-workers", type=int, default=4)
    p.add_argument("--valid-rate", type=float, default=200, help="valid requests/s in all")
    p.add_argument("--hostile-rate", type=float, default=20, help="hostile actions/s in all")
    p.add_argument("--idle", type=int, default=50, help="idle connections held open")
    p.add_argument("--rotate-every", type=float, default=20)
    p.add_argument("--read-timeout", type=float, default=10)
    p.add_argument("--body-limit", type=int, default=3 << 20)
    p.add_argument("--request-timeout", type=float, default=5)
    p.add_argument("--rss-growth", type=float, default=0.20)
    p.add_argument("--rss-slack-kib", type=int, default=4096)
    p.add_argument("--json", help="also write the report here")
    sys.exit(Soak(p.parse_args()).run())


if __name__ == "__main__":
    main()
