#!/usr/bin/env python3
"""Latency of `titanlint lsp`: the time from a didChange to the publishDiagnostics of that file.

Starts the server on a workspace, waits for its first diagnostics, opens one file, then edits it
N times (full-text didChange, alternating a comment line at the top and its removal, so every
edit moves the file's findings and is published), timing each edit to its publication. The
server's debounce (--debounce-ms) is part of what an editor waits for, so it is part of the time;
run with --debounce-ms 0 to see the lint alone.

  bench/lsp_bench.py --titanlint build/dev/titanlint --workspace DIR --file DIR/x.yaml [--runs 31]
"""
import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import time
import urllib.parse


def uri(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


class Server:
    def __init__(self, binary, cwd, debounce):
        self.p = subprocess.Popen([binary, "lsp", "--debounce-ms", str(debounce)], cwd=cwd,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.buffer = b""
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params):
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        self.next_id += 1
        return self.next_id - 1

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def receive(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                length = 0
                for line in self.buffer[:end].split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if len(self.buffer) >= end + 4 + length:
                    body = self.buffer[end + 4:end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length:]
                    return json.loads(body)
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.p.stdout], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.p.stdout.fileno(), 1 << 16)
            if not chunk:
                raise SystemExit("the server exited")
            self.buffer += chunk

    def wait_for(self, predicate, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self.receive(deadline - time.monotonic())
            if m is not None and predicate(m):
                return m
        raise SystemExit("timed out waiting for the server")

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.p.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--titanlint", required=True)
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--file", required=True, help="the file edited (inside the workspace)")
    ap.add_argument("--runs", type=int, default=31)
    ap.add_argument("--debounce-ms", type=int, default=None,
                    help="the server's debounce (default: the server's own)")
    ap.add_argument("--label", default="")
    args = ap.parse_args()

    workspace = os.path.abspath(args.workspace)
    debounce = args.debounce_ms if args.debounce_ms is not None else -1
    server = Server(os.path.abspath(args.titanlint), workspace, debounce)
    start = time.monotonic()
    init = server.request("initialize", {"processId": os.getpid(), "rootUri": uri(workspace),
                                         "capabilities": {}})
    server.wait_for(lambda m: m.get("id") == init)
    server.notify("initialized", {})
    # The first publication of the workspace: every file with findings, in one burst.
    server.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    first = time.monotonic() - start
    while server.receive(0.5) is not None:
        pass

    file_uri = uri(args.file)
    text = open(args.file, encoding="utf-8").read()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": file_uri, "languageId": "yaml",
                                                             "version": 1, "text": text}})
    while server.receive(0.3) is not None:
        pass
    times = []
    for run in range(args.runs):
        edited = ("# edit\n" + text) if run % 2 == 0 else text
        t0 = time.monotonic()
        server.notify("textDocument/didChange", {
            "textDocument": {"uri": file_uri, "version": run + 2},
            "contentChanges": [{"text": edited}]})
        server.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics" and
                        m["params"]["uri"] == file_uri)
        times.append((time.monotonic() - t0) * 1000)
        while server.receive(0.05) is not None:  # anything else published by this change
            pass
    server.close()
    times.sort()
    q = statistics.quantiles(times, n=10)
    print(f"{args.label or workspace}: didChange -> publishDiagnostics over {args.runs} edits: "
          f"median {statistics.median(times):.1f} ms, p10 {q[0]:.1f}, p90 {q[-1]:.1f}, "
          f"min {times[0]:.1f}, max {times[-1]:.1f} "
          f"(debounce {'default' if debounce < 0 else str(debounce) + ' ms'}; "
          f"initialize to first diagnostics {first * 1000:.0f} ms)")


if __name__ == "__main__":
    sys.exit(main())
