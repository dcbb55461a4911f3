#!/usr/bin/env python3
"""A local stand-in for Lambda + API Gateway, for the demo: runs a deployed function's bootstrap here.

It serves the Lambda Runtime API (next, response, error, init error) on one loopback port and an HTTP front on
another that turns each request into an API Gateway HTTP API payload 2.0 event and the function's answer back
into HTTP. The bootstrap runs as a child with the function's environment as deployed (read from the endpoint
with GetFunctionConfiguration), plus AWS_ENDPOINT_URL so its own AWS calls go to the same local endpoint.
One invocation at a time. `hoist dev` (a later issue) replaces this with Swift inside hoist.

usage: local_api.py --endpoint URL --keys moto.json --function NAME --bootstrap PATH --port 3000
"""
import argparse
import base64
import http.server
import json
import os
import queue
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

EVENTS = queue.Queue()
PENDING = {}
LOCK = threading.Lock()


class RuntimeAPI(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path != "/2018-06-01/runtime/invocation/next":
            return self.reply(404)
        request_id, event, deadline = EVENTS.get()
        self.reply(200, json.dumps(event).encode(), {
            "Content-Type": "application/json", "Lambda-Runtime-Aws-Request-Id": request_id,
            "Lambda-Runtime-Deadline-Ms": str(deadline), "Lambda-Runtime-Trace-Id": f"Root=1-{request_id[:8]}",
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:local",
        })

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = self.path.split("/")
        if self.path == "/2018-06-01/runtime/init/error":
            print(f"local_api: init error: {body.decode(errors='replace')}", file=sys.stderr)
            return self.reply(202)
        if len(parts) == 6 and parts[3] == "invocation":
            with LOCK:
                waiter = PENDING.get(parts[4])
            if waiter:
                waiter.put((parts[5], body))
            return self.reply(202)
        self.reply(404)


class Front(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout_seconds = 30

    def log_message(self, *args):
        pass

    def handle_any(self):
        started = time.time()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(self.path)
        headers = {}
        for key, value in self.headers.items():
            headers[key.lower()] = headers[key.lower()] + "," + value if key.lower() in headers else value
        cookies = [c.strip() for c in headers.pop("cookie", "").split(";") if c.strip()]
        request_id = str(uuid.uuid4())
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        event = {
            "version": "2.0", "routeKey": "$default", "rawPath": url.path, "rawQueryString": url.query,
            "headers": headers, "queryStringParameters": {k: ",".join(v) for k, v in query.items()} or None,
            "requestContext": {
                "accountId": "123456789012", "apiId": "local", "domainName": headers.get("host", "localhost"),
                "http": {"method": self.command, "path": url.path, "protocol": "HTTP/1.1",
                         "sourceIp": self.client_address[0], "userAgent": headers.get("user-agent", "")},
                "requestId": request_id, "routeKey": "$default", "stage": "$default",
                "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime()), "timeEpoch": int(started * 1000),
            },
            "body": base64.b64encode(raw).decode() if raw else None, "isBase64Encoded": bool(raw),
        }
        if cookies:
            event["cookies"] = cookies
        waiter = queue.Queue()
        with LOCK:
            PENDING[request_id] = waiter
        EVENTS.put((request_id, event, int((started + self.timeout_seconds) * 1000)))
        try:
            kind, body = waiter.get(timeout=self.timeout_seconds)
        except queue.Empty:
            kind, body = "timeout", b""
        with LOCK:
            PENDING.pop(request_id, None)
        if kind != "response":
            status, out, out_headers = 502, b'{"message":"Internal Server Error"}', {"content-type": "application/json"}
        else:
            answer = json.loads(body or b"{}")
            if not isinstance(answer, dict) or "statusCode" not in answer:
                answer = {"statusCode": 200, "body": json.dumps(answer), "headers": {"content-type": "application/json"}}
            status = int(answer.get("statusCode", 200))
            out = answer.get("body") or ""
            out = base64.b64decode(out) if answer.get("isBase64Encoded") else out.encode()
            out_headers = answer.get("headers") or {}
        self.send_response(status)
        for key, value in out_headers.items():
            if key.lower() != "content-length":
                self.send_header(key, value)
        for cookie in (answer.get("cookies") or []) if kind == "response" else []:
            self.send_header("Set-Cookie", cookie)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
        print(f"{self.command} {url.path} {status} {int((time.time() - started) * 1000)} ms {request_id}", flush=True)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


def function_environment(args):
    """The deployed function's environment, read with a signed GetFunctionConfiguration.

    botocore's own Lambda client leaves x-amz-content-sha256 out of bodyless GETs, which moto with auth
    enforced then rejects (AWS-NOTES): sign the request here with that header included.
    """
    import hashlib
    import urllib.request
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    with open(args.keys) as handle:
        keys = json.load(handle)
    region = keys.get("region", "us-east-1")
    url = f"{args.endpoint}/2015-03-31/functions/{urllib.parse.quote(args.function, safe='')}/configuration"
    request = AWSRequest(method="GET", url=url, headers={"x-amz-content-sha256": hashlib.sha256(b"").hexdigest()})
    SigV4Auth(Credentials(keys["accessKeyId"], keys["secretAccessKey"]), "lambda", region).add_auth(request)
    with urllib.request.urlopen(urllib.request.Request(url, headers=dict(request.headers.items()))) as answer:
        configuration = json.load(answer)
    environment = dict(configuration.get("Environment", {}).get("Variables", {}))
    environment.update({
        "AWS_ACCESS_KEY_ID": keys["accessKeyId"], "AWS_SECRET_ACCESS_KEY": keys["secretAccessKey"],
        "AWS_REGION": region, "AWS_DEFAULT_REGION": region,
        "AWS_ENDPOINT_URL": args.endpoint, "AWS_LAMBDA_FUNCTION_NAME": args.function,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(configuration.get("MemorySize", 128)),
        "_HANDLER": configuration.get("Handler", "bootstrap"), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    })
    return environment


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--keys", required=True)
    parser.add_argument("--function", required=True)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--port", type=int, default=3000)
    args = parser.parse_args()
    runtime = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RuntimeAPI)
    threading.Thread(target=runtime.serve_forever, daemon=True).start()
    environment = function_environment(args)
    environment["AWS_LAMBDA_RUNTIME_API"] = f"127.0.0.1:{runtime.server_address[1]}"
    child = subprocess.Popen([os.path.abspath(args.bootstrap)], env=environment)
    front = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Front)
    print(f"local_api: {args.function} on http://127.0.0.1:{args.port} (bootstrap pid {child.pid})", flush=True)
    try:
        front.serve_forever()
    finally:
        child.kill()


if __name__ == "__main__":
    main()
