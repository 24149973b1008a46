#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Benchmark 7: one speed limit over 8 downloads (4 with one connection, 4 with four), 20 s.

    tests/bench/fair_bench.py --fair-bench build/release/tests/bench/haul-fair-bench \\
        [--limit-mib 4] [--seconds 20] [--aria2c PATH]

One nginx on 127.0.0.1 (bench.py's) serves 8 sparse files. Haul (haul-fair-bench: one engine
session, the limit as SessionOptions::rateLimit) and then aria2c (--max-overall-download-limit,
-j8, split=4 and max-connection-per-server=4 for the four-connection ones, its JSON-RPC asked for
each download's completedLength) download them for a warm-up and a window; each download's rate
over the window, Jain's fairness index of the 8 rates ((sum x)^2 / (n sum x^2): 1 is equal,
1/n is one taking all) and the total against the limit are printed for both. python3 standard
library only; nginx and the temporary folder are removed on every exit."""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (nginx: bench.Server)

CONNECTIONS = [1, 4, 1, 4, 1, 4, 1, 4]
FILE_BYTES = 1 << 30  # sparse; never read to the end in the window


def jain(rates):
    s = sum(rates)
    q = sum(r * r for r in rates)
    return (s * s) / (len(rates) * q) if q > 0 else 0.0


def run_haul(o, urls, limit, dest):
    cmd = [o.fair_bench, "--limit", str(limit), "--seconds", str(o.seconds), "--warmup",
           str(o.warmup), "--dir", dest] + [f"{u}={c}" for u, c in zip(urls, CONNECTIONS)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=o.seconds + o.warmup + 60)
    if p.returncode != 0:
        raise bench.BenchError(f"haul-fair-bench exited {p.returncode}: {p.stderr[-500:]}")
    return [float(line.split()[1]) for line in p.stdout.split("\n") if line.strip()]


def rpc(port, method, *params):
    body = json.dumps({"jsonrpc": "2.0", "id": "b", "method": "aria2." + method,
                       "params": list(params)}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/jsonrpc", body,
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())["result"]


def aria2_sample(port):
    out = {}
    for d in rpc(port, "tellActive", ["gid", "completedLength", "files"]):
        name = os.path.basename(d["files"][0]["path"])
        out[name] = (int(d["completedLength"]), time.monotonic())
    return out


def run_aria2c(o, urls, limit, dest, tmp):
    lst = os.path.join(tmp, "aria2.list")
    with open(lst, "w") as f:
        for i, (u, c) in enumerate(zip(urls, CONNECTIONS)):
            f.write(f"{u}\n  out=f{i}.bin\n  split={c}\n  max-connection-per-server={c}\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [o.aria2c, "--no-conf", "-q", "--enable-rpc", f"--rpc-listen-port={port}",
           "--rpc-listen-all=false", f"--max-overall-download-limit={limit}", "-j8",
           "--file-allocation=none", "--allow-overwrite=true", "--auto-file-renaming=false",
           "-k1M", "-d", dest, "-i", lst]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         preexec_fn=bench.die_with_parent)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                rpc(port, "getVersion")
                break
            except OSError:
                if time.monotonic() > deadline or p.poll() is not None:
                    raise bench.BenchError("aria2c's RPC did not answer")
                time.sleep(0.1)
        time.sleep(o.warmup)
        first = aria2_sample(port)
        time.sleep(o.seconds)
        second = aria2_sample(port)
    finally:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    rates = []
    for i in range(len(urls)):
        a, b = first.get(f"f{i}.bin"), second.get(f"f{i}.bin")
        rates.append((b[0] - a[0]) / (b[1] - a[1]) if a and b and b[1] > a[1] else 0.0)
    return rates


def report(name, rates, limit):
    total = sum(rates)
    cells = " | ".join(f"{r / 1024:.0f}" for r in rates)
    return (f"| {name} | {cells} | {jain(rates):.3f} | {total / 1024:.0f} | "
            f"{100 * total / limit:.1f} % |")


def main(argv):
    ap = argparse.ArgumentParser(description="Benchmark 7: a speed limit shared by 8 downloads.")
    ap.add_argument("--fair-bench", required=True, help="haul-fair-bench binary")
    ap.add_argument("--aria2c", default=shutil.which("aria2c"))
    ap.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    ap.add_argument("--limit-mib", type=float, default=4.0, help="MiB/s for all (default 4)")
    ap.add_argument("--seconds", type=float, default=20.0, help="measured window (default 20)")
    ap.add_argument("--warmup", type=float, default=3.0, help="before the window (default 3)")
    o = ap.parse_args(argv)
    limit = int(o.limit_mib * (1 << 20))
    tmp = tempfile.mkdtemp(prefix="haul-fair-")
    srv = bench.Server(o.nginx, tmp, "1", False)
    try:
        os.makedirs(srv.www)
        for i in range(len(CONNECTIONS)):
            with open(os.path.join(srv.www, f"f{i}.bin"), "wb") as f:
                f.truncate(FILE_BYTES)
        srv.start()
        urls = [srv.url(f"f{i}.bin") for i in range(len(CONNECTIONS))]
        header = " | ".join(f"{c}×" for c in CONNECTIONS)
        lines = [f"Limit {limit / 1024:.0f} KiB/s for all, {o.seconds:.0f} s window after "
                 f"{o.warmup:.0f} s; rates in KiB/s (n× = n connections).", "",
                 f"| tool | {header} | Jain | total | total / limit |",
                 "|---" * (len(CONNECTIONS) + 4) + "|"]
        verdicts = []
        for name, fn in (("Haul", lambda d: run_haul(o, urls, limit, d)),
                         ("aria2c", lambda d: run_aria2c(o, urls, limit, d, tmp))):
            if name == "aria2c" and not o.aria2c:
                lines.append("| aria2c | not installed |")
                continue
            dest = os.path.join(tmp, name)
            os.makedirs(dest)
            rates = fn(dest)
            shutil.rmtree(dest, ignore_errors=True)
            lines.append(report(name, rates, limit))
            verdicts.append(f"{name}: Jain {jain(rates):.3f} (target >= 0.95), total "
                            f"{100 * sum(rates) / limit:.1f} % of the limit (target 95-105 %): "
                            + ("met" if jain(rates) >= 0.95 and
                               abs(sum(rates) - limit) <= 0.05 * limit else "not met"))
        print("\n".join(lines + [""] + verdicts))
    finally:
        srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
