#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Haul benchmarks against curl, wget2 and aria2c in the same run. Usage: see run.sh beside this.

python3 standard library only. One nginx on 127.0.0.1 serves generated files from a temporary
folder; every tool downloads into a fresh folder on the same file system; wall and CPU time come
from os.wait4 (the child's own rusage, threads and waited-for children included), RSS from
/proc/PID/status.
"""

import argparse
import ctypes
import datetime
import hashlib
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_HAUL = os.path.join(REPO, "build", "release", "app", "cli", "haul-cli")
RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "RESULTS.md")
PEERS = ("curl", "wget2", "aria2c")
INSTALL_HINT = "apt-get install -y nginx-light wget2 aria2 curl time"
# nginx per-connection rate for the memory benchmark: slow enough that every transfer stays open
# for the whole sampling window, fast enough that all of them are visibly moving.
RATE = "20k"
MEM_FILE_BYTES = 2 * 1024 * 1024  # at 20 KiB/s: ~100 s, longer than any sampling window


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Environment: programs, versions, machine


def find_program(name):
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin:/usr/local/sbin")


def first_line(cmd, stderr=False):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"? ({e})"
    out = (p.stderr if stderr else p.stdout) or p.stdout or p.stderr
    lines = out.strip().splitlines()
    return lines[0].strip() if lines else "?"


def haul_version(haul):
    p = subprocess.run([haul, "--version"], capture_output=True, text=True, timeout=20)
    if p.returncode == 0 and p.stdout.strip():
        return p.stdout.strip().splitlines()[0]
    g = subprocess.run(["git", "-C", REPO, "describe", "--always", "--dirty", "--tags"],
                       capture_output=True, text=True)
    desc = g.stdout.strip() or "unknown"
    return f"haul-cli (no --version) from git {desc}"


def machine_info():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
            mem = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "kernel": platform.release(), "ram": mem}


# ---------------------------------------------------------------------------------------------
# Processes


def child_env():
    env = dict(os.environ)
    for k in list(env):
        if k.lower() in ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy"):
            del env[k]
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def die_with_parent():
    # Runs in the forked child before exec: nginx must not outlive a harness killed by SIGKILL.
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def read_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def established_to(port):
    """Client-side TCP connections to 127.0.0.1:port that are ESTABLISHED (one tool runs at a
    time, so these are the running tool's active transfers)."""
    want = f":{port:04X}"
    n = 0
    try:
        with open("/proc/net/tcp") as f:
            next(f)
            for line in f:
                parts = line.split(None, 4)
                if parts[3] == "01" and parts[2].endswith(want):
                    n += 1
    except OSError:
        pass
    return n


class Run:
    def __init__(self):
        self.wall = self.cpu = 0.0
        self.maxrss_kib = 0
        self.exit_code = None
        self.samples = []  # (t, rss_kib, active) during the run
        self.err = ""
        self.note = ""


def child_pids(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except (OSError, ValueError):
        return []


class Child:
    """One measured child, started through GNU time.

    Why the detour: a child forked from this Python process inherits its ~30 MiB RSS as the
    "high-water mark" that the kernel carries across exec, so ru_maxrss from os.wait4 would be at
    least that for every tool. GNU time is small; it forks the tool and reports the tool's own
    peak (%M). CPU time still comes from os.wait4 on the time process, which adds the tool's
    (reaped) CPU to time's own, a few hundred microseconds."""

    current = None  # the running child, killed if the harness is interrupted

    def __init__(self, time_bin, cmd, workdir, logpath):
        self.cmd = cmd
        self.logpath = logpath
        self.rusage_path = logpath + ".time"
        self.log = open(logpath, "wb")
        self.t0 = time.perf_counter()
        self.p = subprocess.Popen([time_bin, "-o", self.rusage_path, "-f", "HAULBENCH %M"] + cmd,
                                  cwd=workdir, stdin=subprocess.DEVNULL, stdout=self.log,
                                  stderr=subprocess.STDOUT, env=child_env())
        self._tool_pid = None
        self.timed_out = False
        Child.current = self

    def running(self):
        # WNOWAIT: look without reaping; os.wait4 in wait() must get the exit and its rusage.
        try:
            return os.waitid(os.P_PID, self.p.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
        except ChildProcessError:
            return False

    def tool_pid(self):
        """The tool's own pid (the child of time), or None while it is not forked yet."""
        if self._tool_pid is None:
            kids = child_pids(self.p.pid)
            if kids:
                self._tool_pid = kids[0]
        return self._tool_pid

    def wait(self, run, timeout):
        killer = threading.Timer(timeout, self.kill)
        killer.start()
        try:
            _, status, ru = os.wait4(self.p.pid, 0)
        finally:
            killer.cancel()
        run.wall = time.perf_counter() - self.t0
        self.p.returncode = run.exit_code = os.waitstatus_to_exitcode(status)
        run.cpu = ru.ru_utime + ru.ru_stime
        Child.current = None
        self.log.close()
        try:
            with open(self.rusage_path) as f:
                m = re.findall(r"HAULBENCH (\d+)", f.read())
                run.maxrss_kib = int(m[-1]) if m else 0
        except OSError:
            pass
        with open(self.logpath, "rb") as f:
            run.err = f.read()[-1500:].decode("utf-8", "replace").strip()
        if self.timed_out:
            run.note = f"killed after {timeout:.0f} s"

    def signal(self, sig):
        pid = self.tool_pid()
        try:
            os.kill(pid if pid else self.p.pid, sig)
        except OSError:
            pass

    def kill(self):
        """SIGKILL to the tool; time then reaps it and exits (killing time first would leave
        the tool running as an orphan)."""
        self.timed_out = True
        if self.tool_pid():
            self.signal(signal.SIGKILL)
        else:
            self.p.kill()

    def abandon(self):
        """Interrupted harness: kill the tool and reap time so nothing is left behind."""
        self.kill()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                if os.waitpid(self.p.pid, os.WNOHANG)[0]:
                    self.p.returncode = -9
                    return
            except ChildProcessError:
                return
            time.sleep(0.05)
        self.p.kill()


# ---------------------------------------------------------------------------------------------
# nginx and the test data


class Server:
    def __init__(self, nginx, root, workers, smoke):
        self.nginx = nginx
        self.root = root
        self.www = os.path.join(root, "www")
        self.proc = None
        self.port = None
        self.workers = workers
        self.smoke = smoke

    def temp_path_directives(self):
        # Debian's nginx has /var/lib/nginx/* compiled in; point every temp path it was built
        # with at our folder so no root-only directory is needed.
        out = subprocess.run([self.nginx, "-V"], capture_output=True, text=True).stderr
        lines = []
        for kind in re.findall(r"--http-([a-z-]+)-temp-path=", out):
            d = os.path.join(self.root, "nginx-temp", kind)
            os.makedirs(d, exist_ok=True)
            lines.append(f"    {kind.replace('-', '_')}_temp_path {d};")
        return "\n".join(lines)

    def write_config(self):
        user = ""
        if os.geteuid() == 0:
            import pwd
            # As root nginx would drop its worker to www-data, which cannot read a 0700 mkdtemp.
            user = f"user {pwd.getpwuid(0).pw_name};"
        conf = f"""
{user}
daemon off;
worker_processes {self.workers};
worker_rlimit_nofile 16384;
pid {self.root}/nginx.pid;
error_log {self.root}/nginx-error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    default_type application/octet-stream;
{self.temp_path_directives()}
    server {{
        listen 127.0.0.1:{self.port} backlog=4096;
        root {self.www};
        location /slow/ {{
            limit_rate {RATE};
        }}
    }}
}}
"""
        path = os.path.join(self.root, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        return path

    def start(self):
        last = ""
        for _ in range(5):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
            conf = self.write_config()
            errlog = os.path.join(self.root, "nginx-error.log")
            self.proc = subprocess.Popen(
                [self.nginx, "-p", self.root, "-e", errlog, "-c", conf],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                preexec_fn=die_with_parent)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                    return
                except OSError:
                    time.sleep(0.05)
            last = (self.proc.stderr.read().decode(errors="replace") if self.proc.poll() is not None
                    else "did not accept connections in 10 s")
            self.stop()
            try:
                with open(errlog) as f:
                    last += "\n" + f.read()[-1000:]
            except OSError:
                pass
        raise BenchError(f"nginx did not start:\n{last.strip()}")

    def stop(self):
        if not self.proc:
            return
        if self.proc.poll() is None:
            self.proc.terminate()  # fast shutdown: open keep-alive connections do not hold it
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}"


def make_data(www, big_bytes, small_count, mem_count):
    """big.bin (random, returns its SHA-256), small/NNNN.bin (16 KiB each), slow/NNNN.bin
    (sparse: served at RATE, never read to the end)."""
    t0 = time.perf_counter()
    os.makedirs(os.path.join(www, "small"))
    os.makedirs(os.path.join(www, "slow"))
    h = hashlib.sha256()
    chunk = 8 * 1024 * 1024
    with open(os.path.join(www, "big.bin"), "wb") as f:
        left = big_bytes
        while left:
            b = os.urandom(min(chunk, left))
            h.update(b)
            f.write(b)
            left -= len(b)
    for i in range(small_count):
        with open(os.path.join(www, "small", f"{i:04d}.bin"), "wb") as f:
            f.write(os.urandom(16384))
    for i in range(mem_count):
        with open(os.path.join(www, "slow", f"{i:04d}.bin"), "wb") as f:
            f.truncate(MEM_FILE_BYTES)
    os.sync()  # the data's writeback must not land inside the first measured run
    log(f"data: {big_bytes >> 20} MiB + {small_count} x 16 KiB + {mem_count} sparse in "
        f"{time.perf_counter() - t0:.1f} s")
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Benchmarks


class Tool:
    def __init__(self, name, build):
        self.name = name
        self.build = build  # (dest_dir) -> argv


class Bench:
    def __init__(self, key, title, tools, verify, hashed=False):
        self.key = key
        self.title = title
        self.tools = tools
        self.verify = verify  # (dest_dir, hash_it) -> None or raises BenchError
        self.hashed = hashed


def list_files(d):
    out = {}
    for dirpath, _, names in os.walk(d):
        for n in names:
            p = os.path.join(dirpath, n)
            out[os.path.relpath(p, d)] = os.path.getsize(p)
    return out


def verify_big(size, sha):
    def verify(dest, hash_it):
        files = list_files(dest)
        got = files.get("big.bin")
        if got != size:
            raise BenchError(f"big.bin is {'missing' if got is None else f'{got} bytes'}, "
                             f"expected {size} bytes; files there: {sorted(files)[:5]}")
        extra = sorted(set(files) - {"big.bin"})
        if extra:
            raise BenchError(f"left extra files: {extra[:5]}")
        if hash_it:
            h = hashlib.sha256()
            with open(os.path.join(dest, "big.bin"), "rb") as f:
                while b := f.read(1 << 20):
                    h.update(b)
            got_sha = h.hexdigest()
            if got_sha != sha:
                raise BenchError(f"big.bin SHA-256 {got_sha} != {sha}")
    return verify


def verify_small(names):
    def verify(dest, hash_it):
        files = list_files(dest)
        bad = [n for n in names if files.get(n) != 16384]
        if bad:
            raise BenchError(f"{len(bad)} of {len(names)} files missing or wrong size "
                             f"(first: {bad[0]}: {files.get(bad[0], 'missing')})")
        extra = sorted(set(files) - set(names))
        if extra:
            raise BenchError(f"left {len(extra)} extra files, e.g. {extra[:3]}")
    return verify


def throughput_benches(o, srv, tmp, progs, sha, small_names):
    haul, curl, wget2, aria2c = (progs.get(k) for k in ("haul-cli", "curl", "wget2", "aria2c"))
    big = srv.url("big.bin")
    size = o.big_mib * 1024 * 1024

    small_list = os.path.join(tmp, "small.list")
    with open(small_list, "w") as f:
        f.writelines(srv.url(f"small/{n}") + "\n" for n in small_names)
    curl_cfg = os.path.join(tmp, "small.curlrc")
    with open(curl_cfg, "w") as f:
        f.writelines(f'url = "{srv.url("small/" + n)}"\n' for n in small_names)

    # Config files are switched off (curl -q first, --no-config, --no-conf) so a user's rc file
    # cannot change what is measured; output stays quiet for every tool.
    b1 = Bench("1", f"1 x {o.big_mib} MiB, 1 connection", [
        Tool("haul-cli", lambda d: [haul, "-q", "-d", d, big]),
        Tool("wget2", lambda d: [wget2, "--no-config", "-q", "-O", os.path.join(d, "big.bin"), big]),
        Tool("curl", lambda d: [curl, "-q", "-s", "-o", os.path.join(d, "big.bin"), big]),
        Tool("aria2c", lambda d: [aria2c, "--no-conf", "-q", "-x1", "-s1", "--allow-overwrite=true",
                                  "--file-allocation=none", "-d", d, big]),
    ], verify_big(size, sha), hashed=True)
    b2 = Bench("2", f"1 x {o.big_mib} MiB, 4 connections", [
        Tool("haul-cli", lambda d: [haul, "-q", "-x", "4", "-d", d, big]),
        Tool("aria2c", lambda d: [aria2c, "--no-conf", "-q", "-x4", "-s4", "-k1M",
                                  "--allow-overwrite=true", "--file-allocation=none", "-d", d, big]),
    ], verify_big(size, sha), hashed=True)
    n = len(small_names)
    b3 = Bench("3", f"{n:,} x 16 KiB, 16 at once", [
        Tool("haul-cli", lambda d: [haul, "-q", "-j", "16", "-i", small_list, "-d", d]),
        Tool("curl", lambda d: [curl, "-q", "-Z", "--parallel-max", "16", "-s", "--output-dir", d,
                                "--remote-name-all", "-K", curl_cfg]),
        Tool("wget2", lambda d: [wget2, "--no-config", "--max-threads=16", "-q", "-i", small_list,
                                 "-P", d]),
        Tool("aria2c", lambda d: [aria2c, "--no-conf", "-q", "-j16", "-i", small_list, "-d", d]),
    ], verify_small(small_names))
    return [b for b in (b1, b2, b3) if b.key in o.only]


def run_throughput(o, bench, tmp, progs, notes):
    tools = [t for t in bench.tools if t.name in progs and t.name in o.tools]
    results = {t.name: [] for t in tools}
    failed = {}
    hashed = set()
    total = (1 if o.warmup else 0) + o.runs
    for r in range(total):
        warm = o.warmup and r == 0
        k = r % len(tools)
        for t in tools[k:] + tools[:k]:  # rotate: every tool takes every position in turn
            if t.name in failed:
                continue
            dest = os.path.join(tmp, "dl")
            shutil.rmtree(dest, ignore_errors=True)
            os.makedirs(dest)
            run = Run()
            child = Child(progs["time"], t.build(dest), dest, os.path.join(tmp, "child.log"))
            child.wait(run, o.timeout)
            try:
                if run.exit_code != 0:
                    raise BenchError(f"exit code {run.exit_code} {run.note}: {run.err[-400:]}")
                hash_it = bench.hashed and t.name not in hashed
                bench.verify(dest, hash_it)
                if hash_it:
                    hashed.add(t.name)
            except BenchError as e:
                failed[t.name] = str(e)
                notes.append(f"benchmark {bench.key}, {t.name}: FAILED: {e}")
                log(f"  {t.name}: FAILED: {e}")
                continue
            finally:
                shutil.rmtree(dest, ignore_errors=True)
                os.sync()  # settle writeback now, outside the next tool's measurement
            tag = "warm-up" if warm else f"run {r + (0 if o.warmup else 1)}"
            log(f"  [{bench.key}] {tag:7} {t.name:9} wall {run.wall:7.3f} s  cpu {run.cpu:7.3f} s"
                f"  maxrss {run.maxrss_kib / 1024:6.1f} MiB")
            if not warm:
                results[t.name].append(run)
    rows = []
    haul_wall = None
    if results.get("haul-cli") and "haul-cli" not in failed:
        haul_wall = statistics.median(r.wall for r in results["haul-cli"])
    for t in tools:
        runs = results[t.name]
        if t.name in failed or not runs:
            rows.append([bench.title, t.name, "FAILED", "", "", "", ""])
            continue
        walls = [r.wall for r in runs]
        wall = statistics.median(walls)
        cpu = statistics.median(r.cpu for r in runs)
        rss = max(r.maxrss_kib for r in runs) / 1024
        ratio = "—" if t.name == "haul-cli" or haul_wall is None else f"{haul_wall / wall:.2f}"
        rows.append([bench.title, t.name, f"{wall:.3f}", f"{cpu:.3f}", ratio,
                     f"{min(walls):.3f}–{max(walls):.3f}", f"{rss:.1f}"])
    return rows, bool(failed)


def hold_open(o, cmd, tmp, port, target, window, ramp_timeout):
    """Starts cmd, waits until `target` connections are established (or the count stops
    growing), samples RSS and the connection count for `window` seconds, then sends SIGINT and
    measures how long the process takes to exit."""
    dest = os.path.join(tmp, "dl")
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    run = Run()
    child = Child(o.time_bin, cmd, dest, os.path.join(tmp, "child.log"))
    t0 = time.perf_counter()
    best, best_t = 0, t0
    while True:
        now = time.perf_counter()
        active = established_to(port)
        if not child.running():
            break
        if active > best:
            best, best_t = active, now
        if active >= target or (best and now - best_t > 3) or now - t0 > ramp_timeout:
            break
        time.sleep(0.1)
    ramp = time.perf_counter() - t0
    end = time.perf_counter() + window
    while time.perf_counter() < end and child.running():
        pid = child.tool_pid()
        rss = read_rss_kib(pid) if pid else None
        if rss is not None:
            run.samples.append((time.perf_counter() - t0, rss, established_to(port)))
        time.sleep(0.2)
    alive = child.running()
    t_int = time.perf_counter()
    if alive:
        child.signal(signal.SIGINT)
    child.wait(run, 30)
    stop_latency = time.perf_counter() - t_int if alive else None
    shutil.rmtree(dest, ignore_errors=True)
    return run, ramp, stop_latency, alive


def run_memory(o, srv, tmp, progs, notes):
    haul, aria2c = progs.get("haul-cli"), progs.get("aria2c")
    n = o.mem_transfers
    names = [f"{i:04d}.bin" for i in range(n)]
    lists = {}
    for count in (1, n):
        p = os.path.join(tmp, f"slow-{count}.list")
        with open(p, "w") as f:
            f.writelines(srv.url(f"slow/{x}") + "\n" for x in names[:count])
        lists[count] = p

    def haul_cmd(j, lst):
        # No --limit-rate, although haul-cli has one: it caps all downloads together, so it
        # cannot say "each at 20 KiB/s", and it changes the engine's buffer sizes. nginx limits
        # every connection of both tools alike.
        return [haul, "-q", "-j", str(j), "-i", lst]

    def aria_cmd(j, lst):
        return [aria2c, "--no-conf", "-q", f"-j{j}", "-i", lst, "--file-allocation=none",
                "--allow-overwrite=true"]

    tools = [(name, build) for name, build in (("haul-cli", haul_cmd), ("aria2c", aria_cmd))
             if name in progs and name in o.tools]
    per_tool = {name: [] for name, _ in tools}
    errors = {}
    for r in range(o.mem_runs):
        k = r % len(tools)
        for name, build in tools[k:] + tools[:k]:
            if name in errors:
                continue
            b, _, _, b_alive = hold_open(o, build(1, lists[1]), tmp, srv.port, 1,
                                         min(1.5, o.mem_window), 10)
            m, ramp, stop, alive = hold_open(o, build(n, lists[n]), tmp, srv.port, n,
                                             o.mem_window, o.mem_ramp)
            if not (b_alive and alive and b.samples and m.samples):
                errors[name] = (f"exited before the sampling window ended (exit "
                                f"{m.exit_code if b_alive else b.exit_code}): "
                                f"{(m.err if b_alive else b.err)[-300:]}")
                notes.append(f"benchmark 4, {name}: FAILED: {errors[name]}")
                continue
            w0 = m.samples[0][0]  # sample times count from the start; the window from here
            early_t = w0 + min(o.mem_early, o.mem_window / 2)
            early = next(x[1] for x in m.samples if x[0] >= early_t or x is m.samples[-1])
            end_t = m.samples[-1][0]
            last = [x for x in m.samples if x[0] >= end_t - max(2.0, o.mem_window / 10)]
            half = [x for x in m.samples if x[0] >= w0 + (end_t - w0) / 2]
            growth = (half[-1][1] - half[0][1]) / 1024 / max(half[-1][0] - half[0][0], 1e-3)
            v = dict(base=statistics.median(x[1] for x in b.samples), early=early,
                     end=statistics.median(x[1] for x in last), growth=growth,
                     active=min(x[2] for x in half),
                     peak=max(m.maxrss_kib, max(x[1] for x in m.samples)), stop=stop,
                     code=m.exit_code)
            per_tool[name].append(v)
            log(f"  [4] run {r + 1} {name:9} active {v['active']:5}  RSS "
                f"{early / 1024:6.1f} MiB after {early_t - w0 + ramp:.0f} s, "
                f"{v['end'] / 1024:6.1f} MiB after {end_t:.0f} s ({growth:+.2f} MiB/s at the "
                f"end); 1 transfer {v['base'] / 1024:5.1f} MiB; ramp {ramp:4.1f} s; "
                f"SIGINT->exit {stop:6.3f} s (exit {m.exit_code})")
            if v["active"] < 0.95 * n:
                notes.append(f"benchmark 4, {name}: only {v['active']} of {n} transfers were "
                             f"active in the second half of the window")
            if growth * 5 > 0.05 * v["end"] / 1024:
                notes.append(f"benchmark 4, {name}: RSS still grew by {growth:.2f} MiB/s at the "
                             f"end of the {o.mem_window:.0f} s window: no plateau yet")
    rows = []
    for name, _ in tools:
        if name in errors or not per_tool[name]:
            rows.append([name, "FAILED"] + [""] * (len(MEMORY_HEADER) - 2))
            continue
        vs = per_tool[name]

        def med(key):
            return statistics.median(v[key] for v in vs)
        per = (med("end") - med("base")) / max(med("active") - 1, 1)
        rows.append([name, f"{med('active'):.0f}", f"{med('base') / 1024:.1f}",
                     f"{med('early') / 1024:.1f}", f"{med('end') / 1024:.1f}", f"{per:.1f}",
                     f"{med('growth'):+.2f}", f"{max(v['peak'] for v in vs) / 1024:.1f}",
                     f"{med('stop'):.3f}", ",".join(str(c) for c in sorted({v['code'] for v in vs}))])
    return rows, bool(errors)


def run_cancel_slot(o, srv, notes):
    """Benchmark 5, cancellation latency. haul-cli has no hook to time a cancel from outside,
    so this is the slot for the engine-level micro-benchmark binary: pass it with
    --cancel-bench BIN (or HAUL_CANCEL_BENCH); its stdout goes into RESULTS.md verbatim. Its
    500 transfers come from this nginx at RATE each, so a server thread per connection does not
    compete with the engine for the CPU."""
    if not o.cancel_bench:
        return ("skipped: haul-cli has no cancellation hook; the engine micro-benchmark will plug "
                "in here (`run.sh --cancel-bench BIN` or `HAUL_CANCEL_BENCH=BIN`). Benchmark 4's "
                "\"SIGINT→exit\" column is the CLI-level stand-in.")
    # Benchmark 4 has just dropped 2,000 connections and written their files: let the kernel
    # finish that first, or its work lands in the tail of this benchmark's latencies.
    os.sync()
    time.sleep(0 if o.smoke else 3)
    cmd = [o.cancel_bench, "--url", srv.url("slow/0000.bin")] + (["--smoke"] if o.smoke else [])
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        notes.append(f"benchmark 5: {o.cancel_bench} exited {p.returncode}: {p.stderr[-300:]}")
    return "```\n" + p.stdout.strip() + "\n```"


def run_gui_slot(o, notes):
    """Benchmark 6, the GUI: heartbeat lateness and engine deliveries with 1,000 active transfers
    in a shown window, and opening a list of 100,000 downloads. Pass the binary with
    --gui-bench BIN (or HAUL_GUI_BENCH); it runs under xvfb-run (a real X server, as the GUI
    tests do) and prints a Markdown table that goes into RESULTS.md as it is. Returns the text
    and whether it failed to run (a missed target is not a failure)."""
    if not o.gui_bench:
        return ("skipped: pass the GUI benchmark with `run.sh --gui-bench BIN` or "
                "`HAUL_GUI_BENCH=BIN` (built as haul-gui-bench with the GUI)."), False
    xvfb = find_program("xvfb-run")
    if not xvfb:
        notes.append("benchmark 6: xvfb-run is missing (Debian: xvfb)")
        return "FAILED: xvfb-run is missing (Debian: xvfb)", True
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    cmd = [xvfb, "-a", "-s", "-screen 0 1280x800x24", o.gui_bench] + (
        ["--smoke"] if o.smoke else [])
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    except subprocess.TimeoutExpired:
        notes.append(f"benchmark 6: {o.gui_bench} ran longer than 600 s")
        return "FAILED: timed out", True
    if p.returncode != 0:
        notes.append(f"benchmark 6: {o.gui_bench} exited {p.returncode}: {p.stderr[-300:]}")
    out = p.stdout.strip() or f"FAILED: no output (exit {p.returncode})"
    return out, p.returncode != 0


# ---------------------------------------------------------------------------------------------
# Report


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


THROUGHPUT_HEADER = ["benchmark", "tool", "median wall s", "median CPU s",
                     "ratio Haul/peer (wall)", "wall min–max s", "peak RSS MiB"]
MEMORY_HEADER = ["tool", "active transfers", "RSS 1 transfer MiB", "RSS early MiB",
                 "RSS end MiB", "KiB per extra transfer (end)", "growth at end MiB/s",
                 "peak RSS MiB", "SIGINT→exit s", "exit code"]


def report(o, machine, versions, t_rows, m_rows, cancel, gui, notes, started):
    lines = [
        "# Haul benchmarks",
        "",
        f"Taken {started:%Y-%m-%d %H:%M} UTC by `tests/bench/run.sh {' '.join(o.argv)}`"
        f" ({o.runs} run{'s' if o.runs != 1 else ''} per tool after {'one warm-up' if o.warmup else 'no warm-up'};"
        " tool order rotated every run; every file's size checked, the big file's SHA-256 once"
        " per tool).",
        "",
        "## Machine",
        "",
        f"- CPU: {machine['cpu']} × {machine['nproc']} (nproc)",
        f"- RAM: {machine['ram']}; kernel {machine['kernel']}",
        "- Server: nginx on 127.0.0.1, same machine, files in the page cache; downloads go to "
        "a fresh folder on the same file system",
        "",
        "## Versions",
        "",
    ]
    lines += [f"- {k}: `{v}`" for k, v in versions.items()]
    lines += ["", "## Throughput", "",
              "Ratio = Haul's median wall time / the peer's: below 1 Haul is faster.", "",
              md_table(THROUGHPUT_HEADER, t_rows) if t_rows else "(not run)", ""]
    lines += ["## Memory", "",
              f"{o.mem_transfers:,} concurrent transfers of sparse {MEM_FILE_BYTES >> 20} MiB "
              f"files, each held to {RATE}B/s by nginx `limit_rate` "
              "(no client-side limit for either tool: haul-cli's --limit-rate is one cap for all "
              f"downloads together), for {o.mem_window:.0f} s after all connections are up; {o.mem_runs} run(s) per "
              "tool. RSS is VmRSS from /proc/PID/status every 0.2 s: \"early\" "
              f"{o.mem_early:.0f} s into the window, \"end\" the median of its last seconds; KiB "
              "per extra transfer = (RSS end − RSS with 1 transfer) / (active − 1); growth is "
              "over the second half of the window (0 = plateau). Peak RSS: the larger of GNU time's %M and the highest sample. "
              "SIGINT→exit: time from Ctrl+C to process exit with every transfer active (the "
              "CLI-level stand-in for benchmark 5).", "",
              md_table(MEMORY_HEADER, m_rows) if m_rows else "(not run)", ""]
    lines += ["## Cancellation latency", "", cancel, ""]
    lines += ["## GUI", "",
              "`haul-gui-bench` under `xvfb-run -a -s \"-screen 0 1280x800x24\"` "
              "(QT_QPA_PLATFORM=xcb): a shown MainWindow with transfers from an in-process "
              "server, each held to 20 KiB/s; heartbeat = a 16 ms precise QTimer on the GUI "
              "thread, lateness = interval − 16 ms; deliveries = EngineClient::eventsArrived "
              "batches; the list is opened from a store written beforehand with "
              "Store::addBatch.", "", gui, ""]
    if notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def parse_args(argv):
    ap = argparse.ArgumentParser(description="Haul vs curl, wget2, aria2c (see run.sh).")
    ap.add_argument("haul_pos", nargs="?", metavar="HAUL_CLI", help="path to haul-cli")
    ap.add_argument("--haul-cli", help="path to haul-cli (default: $HAUL_CLI or %s)" % DEFAULT_HAUL)
    ap.add_argument("--runs", type=int, default=5, help="measured runs per tool (default 5)")
    ap.add_argument("--smoke", action="store_true",
                    help="tiny sizes, 1 run, no warm-up, missing peers skipped, no RESULTS.md")
    ap.add_argument("--only", default="1,2,3,4,5,6", help="benchmarks to run, e.g. 1,3")
    ap.add_argument("--tools", default="haul-cli,curl,wget2,aria2c", help="tools to run")
    ap.add_argument("--big-mib", type=int, help="size of the big file (default 1024)")
    ap.add_argument("--small-count", type=int, help="number of 16 KiB files (default 2000)")
    ap.add_argument("--mem-transfers", type=int, help="concurrent transfers (default 1000)")
    ap.add_argument("--mem-window", type=float,
                    help="seconds the transfers are held open and sampled (default 60: long "
                         "enough for buffers that fill at 20 KiB/s to show their plateau)")
    ap.add_argument("--mem-runs", type=int, default=1,
                    help="runs per tool of benchmark 4 (default 1: RSS is not noisy like time)")
    ap.add_argument("--nginx", help="nginx binary (default: found on PATH or /usr/sbin)")
    ap.add_argument("--nginx-workers", default="1", help="worker_processes (default 1)")
    ap.add_argument("--tmpdir", help="parent of the temporary folder (default $TMPDIR or /tmp)")
    ap.add_argument("--results", default=RESULTS, help="Markdown output (default %(default)s)")
    ap.add_argument("--no-results", action="store_true", help="do not write the Markdown file")
    ap.add_argument("--cancel-bench", default=os.environ.get("HAUL_CANCEL_BENCH"),
                    help="engine cancellation micro-benchmark binary (benchmark 5)")
    ap.add_argument("--gui-bench", default=os.environ.get("HAUL_GUI_BENCH"),
                    help="GUI benchmark binary, haul-gui-bench (benchmark 6; needs xvfb-run)")
    ap.add_argument("--timeout", type=float, help="seconds before one run is killed")
    o = ap.parse_args(argv)
    o.argv = argv
    o.haul = o.haul_cli or o.haul_pos or os.environ.get("HAUL_CLI") or DEFAULT_HAUL
    o.only = set(o.only.split(","))
    o.tools = set(o.tools.split(","))
    o.tools.add("haul-cli")  # every ratio is against Haul
    if o.smoke:
        o.runs = o.mem_runs = 1
        o.warmup = False
        o.no_results = True
        defaults = dict(big_mib=8, small_count=50, mem_transfers=20, mem_window=1.0, timeout=60)
    else:
        o.warmup = True
        defaults = dict(big_mib=1024, small_count=2000, mem_transfers=1000, mem_window=60.0,
                        timeout=600)
    for k, v in defaults.items():
        if getattr(o, k) is None:
            setattr(o, k, v)
    o.mem_ramp = 60.0 if not o.smoke else 15.0
    o.mem_early = 5.0  # "RSS early" is read this many seconds into the window
    if o.runs < 1:
        ap.error("--runs must be at least 1")
    return o


def check_programs(o):
    progs, missing = {}, []
    haul = os.path.abspath(o.haul)
    if os.path.isfile(haul) and os.access(haul, os.X_OK):
        progs["haul-cli"] = haul
    else:
        missing.append(f"haul-cli (looked at {haul}; build it, or pass its path / set HAUL_CLI)")
    t = "/usr/bin/time"  # GNU time; the shell keyword `time` cannot report peak RSS
    if os.access(t, os.X_OK):
        progs["time"] = o.time_bin = t
    else:
        missing.append("/usr/bin/time (Debian: time)")
    nginx = o.nginx or find_program("nginx")
    if nginx:
        progs["nginx"] = nginx
    else:
        missing.append("nginx (Debian: nginx-light)")
    for p in PEERS:
        path = find_program(p)
        if path:
            progs[p] = path
        elif p in o.tools:
            missing.append(p + {"aria2c": " (Debian: aria2)"}.get(p, ""))
    if missing:
        log("bench: missing: " + "; ".join(missing))
        essential = any(k not in progs for k in ("haul-cli", "nginx", "time"))
        if essential or not o.smoke:
            log(f"bench: the peers and nginx install with: {INSTALL_HINT}")
            if not essential:
                log("bench: --tools limits the peers; --smoke skips missing ones")
            raise SystemExit(1)
        log("bench: smoke mode: the missing peers are skipped")
    return progs


def main(argv):
    o = parse_args(argv)
    progs = check_programs(o)
    started = datetime.datetime.now(datetime.timezone.utc)
    machine = machine_info()
    versions = {"haul-cli": haul_version(progs["haul-cli"])}
    for p in PEERS:
        if p in progs:
            versions[p] = first_line([progs[p], "--version"])
    versions["nginx"] = first_line([progs["nginx"], "-v"], stderr=True)

    # Raise the soft fd limit for the children: 1,000 transfers need more than 1,024 fds.
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)  # unwinds through the finally below
    # Also when started from a script's background job (SIGINT inherited as ignored): the tools
    # inherit this disposition, and benchmark 4 stops them with SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    tmp = tempfile.mkdtemp(prefix="haul-bench.", dir=o.tmpdir)
    # haul-cli keeps its download list (haul.db) as a user's would, but in here: the runs must
    # neither add to the user's list nor depend on how long it has grown.
    os.environ["XDG_DATA_HOME"] = os.path.join(tmp, "data")
    srv = Server(progs["nginx"], tmp, o.nginx_workers, o.smoke)
    notes, t_rows, m_rows, any_failed = [], [], [], False
    t_start = time.perf_counter()
    try:
        os.makedirs(srv.www)
        small_names = [f"{i:04d}.bin" for i in range(o.small_count)]
        slow_files = o.mem_transfers if "4" in o.only else 1 if "5" in o.only else 0
        sha = make_data(srv.www, o.big_mib * 1024 * 1024, o.small_count, slow_files)
        srv.start()
        log(f"nginx on 127.0.0.1:{srv.port}, data in {tmp}")
        for bench in throughput_benches(o, srv, tmp, progs, sha, small_names):
            log(f"benchmark {bench.key}: {bench.title}")
            rows, failed = run_throughput(o, bench, tmp, progs, notes)
            t_rows += rows
            any_failed |= failed
        if "4" in o.only:
            log(f"benchmark 4: memory, {o.mem_transfers} transfers at {RATE}/s each")
            m_rows, failed = run_memory(o, srv, tmp, progs, notes)
            any_failed |= failed
        cancel = run_cancel_slot(o, srv, notes) if "5" in o.only else "(not run)"
        if "5" in o.only:
            log("benchmark 5: cancellation latency: " + cancel.splitlines()[0])
        gui = "(not run)"
        if "6" in o.only:
            log("benchmark 6: GUI")
            gui, failed = run_gui_slot(o, notes)
            any_failed |= failed
            log(gui)
    finally:
        if Child.current:
            Child.current.abandon()
        srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    if t_rows:
        print(md_table(THROUGHPUT_HEADER, t_rows))
        print()
    if m_rows:
        print(md_table(MEMORY_HEADER, m_rows))
        print()
    for n in notes:
        print("note: " + n)
    print(f"total {time.perf_counter() - t_start:.1f} s")
    if not o.no_results:
        with open(o.results, "w") as f:
            f.write(report(o, machine, versions, t_rows, m_rows, cancel, gui, notes, started))
        print(f"wrote {o.results}")
    return 1 if any_failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as e:
        log(f"bench: {e}")
        sys.exit(1)
    except KeyboardInterrupt:
        log("bench: interrupted")
        sys.exit(130)
