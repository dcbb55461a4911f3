#!/usr/bin/env python3
"""bench/backend: the static bootstrap against the Python baseline, measured in the same run.

Measures, for the bootstrap over its in-memory store (BACKEND_STORE=memory):
  - init: from exec to its first GET /2018-06-01/runtime/invocation/next (median of --starts runs);
  - peak memory: VmHWM of the process after all requests;
  - per-request latency of GET /health and of an authenticated GET /movies (event handed out -> answer posted);
  - the size of the stripped bootstrap, zipped with `zip -9`, and whether it has a dynamic section.
And for the Python baseline of AWS-NOTES (boto3 + PyJWT + passlib[bcrypt] imports and clients): init wall time
and peak RSS. Prints both and the ratios. Loopback only; bounded in count and time.

Usage: bench/backend/run.py [--bootstrap PATH] [--requests N] [--starts N]
The default bootstrap is backend/.build-static/release/bootstrap, built by:
  (cd backend && swift build -c release --product bootstrap --scratch-path .build-static \\
       -Xswiftc -static-executable -Xswiftc -Osize -Xcc -ffunction-sections -Xcc -fdata-sections \\
       -Xlinker --icf=all)
"""
import argparse
import base64
import http.server
import json
import os
import queue
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_BOOTSTRAP = os.path.join(ROOT, "backend", ".build-static", "release", "bootstrap")
PYTHON_TARGET = {"init_s": 0.41, "peak_mib": 57}


class Runtime:
    """A minimal Runtime API: one event at a time, answers collected with timestamps."""

    def __init__(self):
        self.events = queue.Queue()
        self.answers = {}
        self.answered = threading.Condition()
        self.first_next = None
        self.handed = {}
        runtime = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                # Headers and body go out in separate writes: without this, Nagle and delayed ACKs add 40 ms.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path != "/2018-06-01/runtime/invocation/next":
                    return self.reply(404, b"")
                if runtime.first_next is None:
                    runtime.first_next = time.perf_counter()
                request_id, body = runtime.events.get()
                runtime.handed[request_id] = time.perf_counter()
                self.reply(200, body, {"Lambda-Runtime-Aws-Request-Id": request_id,
                                       "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 30000),
                                       "Lambda-Runtime-Trace-Id": "Root=1-bench"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                parts = self.path.strip("/").split("/")
                self.reply(202, b"{}")
                if len(parts) == 5 and parts[2] == "invocation":
                    with runtime.answered:
                        runtime.answers[parts[3]] = (time.perf_counter(), parts[4], body)
                        runtime.answered.notify_all()

            def reply(self, status, body, headers=None):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.endpoint = f"127.0.0.1:{self.server.server_address[1]}"
        self.counter = 0

    def invoke(self, method, path, body=None, token=None, timeout=30):
        self.counter += 1
        request_id = f"bench-{self.counter}"
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = "Bearer " + token
        event = {"version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
                 "headers": headers, "isBase64Encoded": body is not None,
                 "requestContext": {"http": {"method": method, "path": path}, "requestId": request_id}}
        if body is not None:
            event["body"] = base64.b64encode(json.dumps(body).encode()).decode()
        self.events.put((request_id, json.dumps(event).encode()))
        deadline = time.time() + timeout
        with self.answered:
            while request_id not in self.answers:
                if not self.answered.wait(timeout=max(0.0, deadline - time.time())):
                    raise TimeoutError(f"no answer to {method} {path}")
        done, kind, answer = self.answers.pop(request_id)
        latency = done - self.handed.pop(request_id)
        decoded = json.loads(answer)
        return latency, decoded.get("statusCode"), json.loads(decoded.get("body") or "null")

    def close(self):
        self.server.shutdown()


def start_bootstrap(path, runtime):
    env = {"AWS_LAMBDA_RUNTIME_API": runtime.endpoint, "BACKEND_STORE": "memory",
           "LOCAL_JWT_SECRET": "bench-secret-" + "k" * 32, "ADMIN_USERNAMES": "bench", "PATH": "/usr/bin:/bin"}
    started = time.perf_counter()
    process = subprocess.Popen([path], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, started


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def measure_init(path, starts):
    times = []
    for _ in range(starts):
        runtime = Runtime()
        process, started = start_bootstrap(path, runtime)
        deadline = time.time() + 10
        while runtime.first_next is None and time.time() < deadline:
            time.sleep(0.0005)
        if runtime.first_next is None:
            process.kill()
            raise RuntimeError("the bootstrap never asked for an invocation")
        times.append(runtime.first_next - started)
        process.kill()
        process.wait()
        runtime.close()
    return statistics.median(times)


def measure_requests(path, count):
    runtime = Runtime()
    process, _ = start_bootstrap(path, runtime)
    try:
        health = [runtime.invoke("GET", "/health")[0] for _ in range(count)]
        creds = {"username": "bench", "password": "bench-password"}
        assert runtime.invoke("POST", "/auth/register", creds)[1] == 201
        _, status, login = runtime.invoke("POST", "/auth/login", creds)
        assert status == 200, login
        token = login["token"]
        for index in range(20):
            movie = {"title": f"Movie {index}", "year": 2000 + index, "genres": ["drama"]}
            assert runtime.invoke("POST", "/movies", movie, token)[1] == 201
        movies = []
        for _ in range(count):
            latency, status, body = runtime.invoke("GET", "/movies", token=token)
            assert status == 200 and len(body["items"]) == 20
            movies.append(latency)
        return health, movies, peak_kib(process.pid)
    finally:
        process.kill()
        process.wait()
        runtime.close()


def python_baseline():
    script = (
        "import time, resource; t = time.perf_counter()\n"
        "import boto3, jwt\n"
        "from passlib.hash import bcrypt\n"
        "boto3.client('dynamodb', region_name='us-east-1')\n"
        "boto3.client('secretsmanager', region_name='us-east-1')\n"
        "print(time.perf_counter() - t)\n"
    )
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return wall, peak


def zipped_size(path):
    folder = tempfile.mkdtemp()
    try:
        stripped = os.path.join(folder, "bootstrap")
        shutil.copy(path, stripped)
        subprocess.run(["strip", stripped], check=True)
        archive = os.path.join(folder, "code.zip")
        subprocess.run(["zip", "-q", "-9", "-j", archive, stripped], check=True)
        dynamic = subprocess.run(["readelf", "-d", stripped], capture_output=True, text=True).stdout
        return os.path.getsize(path), os.path.getsize(stripped), os.path.getsize(archive), \
            "no dynamic section" in dynamic.lower()
    finally:
        shutil.rmtree(folder)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=DEFAULT_BOOTSTRAP)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--starts", type=int, default=15)
    args = parser.parse_args()
    if not os.path.exists(args.bootstrap):
        print(f"no bootstrap at {args.bootstrap}; build it first (see --help)", file=sys.stderr)
        return 2
    unstripped, stripped, zipped, static = zipped_size(args.bootstrap)
    python_init, python_peak = python_baseline()
    init = measure_init(args.bootstrap, args.starts)
    health, movies, peak = measure_requests(args.bootstrap, args.requests)

    def ms(values, q):
        return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000

    mib = 1024 * 1024
    print(f"bootstrap      {args.bootstrap}")
    print(f"static         {'yes (no dynamic section)' if static else 'NO: has a dynamic section'}")
    print(f"size           {unstripped / mib:.1f} MiB unstripped, {stripped / mib:.1f} MiB stripped, "
          f"{zipped / 1e6:.2f} MB zipped (-9){'  [over 10 MB]' if zipped > 10e6 else ''}")
    print(f"init           {init * 1000:.2f} ms (exec -> first next, median of {args.starts})   target <= 10 ms")
    print(f"peak memory    {peak / 1024:.1f} MiB (VmHWM after {2 * args.requests + 22} requests)   target <= 16 MiB")
    print(f"GET /health    p50 {ms(health, 0.5):.3f} ms  p99 {ms(health, 0.99):.3f} ms  ({args.requests} requests)")
    print(f"GET /movies    p50 {ms(movies, 0.5):.3f} ms  p99 {ms(movies, 0.99):.3f} ms  (authenticated, 20 items)")
    print(f"python         init {python_init:.3f} s, peak {python_peak / 1024:.1f} MiB  "
          f"(AWS-NOTES: {PYTHON_TARGET['init_s']} s, {PYTHON_TARGET['peak_mib']} MiB)")
    print(f"ratios         init {python_init / init:.0f}x faster, peak memory {python_peak / peak:.1f}x smaller")
    return 0


if __name__ == "__main__":
    sys.exit(main())
