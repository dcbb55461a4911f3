#!/usr/bin/env python3
"""bench/backend: the static bootstrap against the Python baseline, measured in the same run.

Measures, for the bootstrap over its in-memory store (BACKEND_STORE=memory):
  - init: from exec to its first GET /2018-06-01/runtime/invocation/next (median of --starts runs), over
    memory and with the DynamoDB configuration Lambda runs (the AWS clients built, nothing called);
  - peak memory: VmHWM of the process after all requests;
  - per-request latency of GET /health and of an authenticated GET /movies (event handed out -> answer posted);
  - the size of the stripped bootstrap, zipped with `zip -9`, and whether it has a dynamic section.
And for the Python baseline of AWS-NOTES (boto3 + PyJWT + passlib[bcrypt] imports and clients): init wall time
and peak RSS. Prints both and the ratios. Loopback only; bounded in count and time.

  - per-request latency of an admin GET /users/{name}: the token check and, since issue 15, the account
    read (one GetItem) that every authenticated request makes; with --moto also over DynamoDB in moto.
With --baseline, a second bootstrap (the build before a change) is measured in the same run (cold starts
alternate between the two) and the ratios are printed.

Usage: bench/backend/run.py [--bootstrap PATH] [--baseline PATH] [--moto moto.json] [--requests N] [--starts N]
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
import random
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
        self.first_next_cpu = None
        self.pid = None
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
                    runtime.first_next_cpu = cpu_seconds(runtime.pid)
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

    def invoke_raw(self, event, timeout=30):
        """Hands out an event that is not an HTTP request (an operator task); returns (kind, body)."""
        self.counter += 1
        request_id = f"bench-{self.counter}"
        self.handed[request_id] = time.perf_counter()
        self.events.put((request_id, json.dumps(event).encode()))
        deadline = time.time() + timeout
        with self.answered:
            while request_id not in self.answers:
                if not self.answered.wait(timeout=max(0.0, deadline - time.time())):
                    raise TimeoutError("no answer to the operator task")
        _, kind, answer = self.answers.pop(request_id)
        self.handed.pop(request_id, None)
        return kind, answer

    def close(self):
        self.server.shutdown()


MEMORY_ENV = {"BACKEND_STORE": "memory", "LOCAL_JWT_SECRET": "bench-secret-" + "k" * 32}


def start_bootstrap(path, runtime, store_env=None):
    env = {"AWS_LAMBDA_RUNTIME_API": runtime.endpoint, "ADMIN_USERNAMES": "bench", "PATH": "/usr/bin:/bin"}
    env.update(store_env or MEMORY_ENV)
    started = time.perf_counter()
    process = subprocess.Popen([path], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runtime.pid = process.pid
    return process, started


def cpu_seconds(pid):
    """CPU time the process has used so far, all threads (schedstat, in nanoseconds), or None."""
    if pid is None:
        return None
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as stat:
                total += int(stat.read().split()[0])
    except OSError:
        return None
    return total / 1e9


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


# What Lambda runs: the DynamoDB and Secrets Manager clients are built at init (nothing is called before the
# first request, so no endpoint is needed to time init).
DYNAMODB_ENV = {"USERS_TABLE": "bench-users", "MOVIES_TABLE": "bench-movies",
                "JWT_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:bench-jwt-AbCdEf",
                "AWS_ACCESS_KEY_ID": "AKIDBENCHBENCHBENCH0", "AWS_SECRET_ACCESS_KEY": "b" * 40,
                "AWS_REGION": "us-east-1"}


def start_once(path, store_env=None):
    """One cold start: exec to the first GET .../invocation/next, in seconds."""
    runtime = Runtime()
    process, started = start_bootstrap(path, runtime, store_env)
    try:
        deadline = time.time() + 10
        while runtime.first_next is None and time.time() < deadline:
            time.sleep(0.0005)
        if runtime.first_next is None:
            raise RuntimeError(f"{path} never asked for an invocation")
        return runtime.first_next - started, runtime.first_next_cpu
    finally:
        process.kill()
        process.wait()
        runtime.close()


def measure_init(paths, starts):
    """Median init of each bootstrap over memory and with the DynamoDB configuration; the starts alternate
    between bootstraps and configurations, in a shuffled order each round, so load hits all alike."""
    times = {(path, kind): [] for path in paths for kind in ("memory", "dynamodb")}
    cpu = {key: [] for key in times}
    order = list(times)
    shuffler = random.Random(15)
    for _ in range(starts):
        shuffler.shuffle(order)
        for path, kind in order:
            wall, used = start_once(path, MEMORY_ENV if kind == "memory" else DYNAMODB_ENV)
            times[(path, kind)].append(wall)
            if used is not None:
                cpu[(path, kind)].append(used)
    medians = {key: statistics.median(values) for key, values in times.items()}
    medians.update({(path, kind + "_cpu"): statistics.median(values) if values else float("nan")
                    for (path, kind), values in cpu.items()})
    return medians


def sign_in_admin(runtime, name="bench"):
    """Registers `name`, makes it admin with the operator task (a bootstrap before it grants admin through
    ADMIN_USERNAMES and fails the task, which is ignored), and returns a token."""
    creds = {"username": name, "password": "bench-password"}
    assert runtime.invoke("POST", "/auth/register", creds)[1] == 201
    runtime.invoke_raw({"hoist_admin": {"promote": name}})
    _, status, login = runtime.invoke("POST", "/auth/login", creds)
    assert status == 200, login
    return login["token"]


def measure_requests(path, count):
    runtime = Runtime()
    process, _ = start_bootstrap(path, runtime)
    try:
        health = [runtime.invoke("GET", "/health")[0] for _ in range(count)]
        token = sign_in_admin(runtime)
        for index in range(20):
            movie = {"title": f"Movie {index}", "year": 2000 + index, "genres": ["drama"]}
            assert runtime.invoke("POST", "/movies", movie, token)[1] == 201
        movies = []
        for _ in range(count):
            latency, status, body = runtime.invoke("GET", "/movies", token=token)
            assert status == 200 and len(body["items"]) == 20
            movies.append(latency)
        user = []
        for _ in range(count):
            latency, status, body = runtime.invoke("GET", "/users/bench", token=token)
            assert status == 200, body
            user.append(latency)
        return {"health": health, "movies": movies, "user": user, "peak": peak_kib(process.pid)}
    finally:
        process.kill()
        process.wait()
        runtime.close()


MOTO_SETUP = """
import json, sys, uuid, boto3
cfg = json.load(open(sys.argv[1]))
kw = dict(endpoint_url=cfg["endpoint"], region_name=cfg["region"],
          aws_access_key_id=cfg["accessKeyId"], aws_secret_access_key=cfg["secretAccessKey"])
suffix = uuid.uuid4().hex[:8]
ddb = boto3.client("dynamodb", **kw)
names = {}
for kind, key in (("users", "username"), ("movies", "movieId")):
    names[kind] = f"bench-{suffix}-{kind}"
    ddb.create_table(TableName=names[kind], BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}])
arn = boto3.client("secretsmanager", **kw).create_secret(Name=f"bench-{suffix}/jwt", SecretString="s" * 64)["ARN"]
print(json.dumps({"users": names["users"], "movies": names["movies"], "arn": arn}))
"""


def measure_moto(path, moto_config, count):
    """Authenticated admin GET /users/bench over DynamoDB and Secrets Manager in moto (fresh tables)."""
    with open(moto_config) as handle:
        cfg = json.load(handle)
    made = subprocess.run([sys.executable, "-c", MOTO_SETUP, moto_config], capture_output=True, text=True,
                          check=True)
    setup = json.loads(made.stdout)
    env = {"USERS_TABLE": setup["users"], "MOVIES_TABLE": setup["movies"], "JWT_SECRET_ARN": setup["arn"],
           "AWS_ACCESS_KEY_ID": cfg["accessKeyId"], "AWS_SECRET_ACCESS_KEY": cfg["secretAccessKey"],
           "AWS_REGION": cfg["region"], "AWS_ENDPOINT_URL": cfg["endpoint"], "BCRYPT_COST": "4"}
    runtime = Runtime()
    process, _ = start_bootstrap(path, runtime, env)
    try:
        token = sign_in_admin(runtime)
        latencies = []
        for _ in range(count):
            latency, status, body = runtime.invoke("GET", "/users/bench", token=token)
            assert status == 200, body
            latencies.append(latency)
        return latencies
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


def quantile_ms(values, q):
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=DEFAULT_BOOTSTRAP)
    parser.add_argument("--baseline", help="a second bootstrap (e.g. the build before a change), measured in "
                        "the same run; prints both and the ratios")
    parser.add_argument("--moto", help="moto.json of scripts/testbed.py: also time GET /users/{name} over "
                        "DynamoDB in moto")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--starts", type=int, default=15)
    args = parser.parse_args()
    paths = [args.bootstrap] + ([args.baseline] if args.baseline else [])
    for path in paths:
        if not os.path.exists(path):
            print(f"no bootstrap at {path}; build it first (see --help)", file=sys.stderr)
            return 2
    python_init, python_peak = python_baseline()
    inits = measure_init(paths, args.starts)
    results = {}
    for path in paths:
        unstripped, stripped, zipped, static = zipped_size(path)
        results[path] = measure_requests(path, args.requests)
        results[path].update(init=inits[(path, "memory")], init_dynamodb=inits[(path, "dynamodb")],
                             init_cpu=inits[(path, "memory_cpu")], init_dynamodb_cpu=inits[(path, "dynamodb_cpu")],
                             unstripped=unstripped, stripped=stripped, zipped=zipped,
                             static=static)
        if args.moto:
            results[path]["moto"] = measure_moto(path, args.moto, max(50, args.requests // 3))

    mib = 1024 * 1024
    for path in paths:
        r = results[path]
        print(f"bootstrap      {path}{'  (baseline)' if path == args.baseline else ''}")
        print(f"static         {'yes (no dynamic section)' if r['static'] else 'NO: has a dynamic section'}")
        print(f"size           {r['unstripped'] / mib:.1f} MiB unstripped, {r['stripped'] / mib:.1f} MiB stripped, "
              f"{r['zipped'] / 1e6:.2f} MB zipped (-9){'  [over 10 MB]' if r['zipped'] > 10e6 else ''}")
        print(f"init           {r['init'] * 1000:.2f} ms (exec -> first next, median of {args.starts})   "
              f"target <= 5 ms")
        print(f"init (DynamoDB) {r['init_dynamodb'] * 1000:.2f} ms (the same with the DynamoDB configuration, "
              f"as in Lambda)")
        print(f"init CPU       {r['init_cpu'] * 1000:.2f} ms memory, {r['init_dynamodb_cpu'] * 1000:.2f} ms DynamoDB "
              f"(all threads, until the first next; less noisy than wall time on a busy machine)")
        print(f"peak memory    {r['peak'] / 1024:.1f} MiB (VmHWM after {3 * args.requests + 23} requests)   "
              f"target <= 16 MiB")
        for key, label in (("health", "GET /health  "), ("movies", "GET /movies  "), ("user", "GET /users/x ")):
            note = {"health": f"({args.requests} requests)", "movies": "(public, 20 items)",
                    "user": "(admin route: token + account check)"}[key]
            print(f"{label}  p50 {quantile_ms(r[key], 0.5):.3f} ms  p99 {quantile_ms(r[key], 0.99):.3f} ms  {note}")
        if "moto" in r:
            print(f"  over moto    p50 {quantile_ms(r['moto'], 0.5):.3f} ms  p99 {quantile_ms(r['moto'], 0.99):.3f} ms"
                  f"  (GET /users/x, DynamoDB and Secrets Manager in moto, {len(r['moto'])} requests)")
    print(f"python         init {python_init:.3f} s, peak {python_peak / 1024:.1f} MiB  "
          f"(AWS-NOTES: {PYTHON_TARGET['init_s']} s, {PYTHON_TARGET['peak_mib']} MiB)")
    main_result = results[args.bootstrap]
    print(f"ratios         init {python_init / main_result['init']:.0f}x faster than python, "
          f"peak memory {python_peak / main_result['peak']:.1f}x smaller")
    if args.baseline:
        base = results[args.baseline]
        print("this / baseline (below 1 is better):")
        print(f"  init {main_result['init'] / base['init']:.2f}  "
              f"init (DynamoDB) {main_result['init_dynamodb'] / base['init_dynamodb']:.2f}  "
              f"init CPU {main_result['init_cpu'] / base['init_cpu']:.2f} / "
              f"{main_result['init_dynamodb_cpu'] / base['init_dynamodb_cpu']:.2f}  peak {main_result['peak'] / base['peak']:.2f}  "
              f"zipped {main_result['zipped'] / base['zipped']:.3f}")
        for key in ("health", "movies", "user") + (("moto",) if args.moto else ()):
            print(f"  {key:7s} p50 {quantile_ms(main_result[key], 0.5) / quantile_ms(base[key], 0.5):.2f}  "
                  f"p99 {quantile_ms(main_result[key], 0.99) / quantile_ms(base[key], 0.99):.2f}  "
                  f"(+{quantile_ms(main_result[key], 0.5) - quantile_ms(base[key], 0.5):.3f} ms at p50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
