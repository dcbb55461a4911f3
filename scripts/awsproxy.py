#!/usr/bin/env python3
"""A small HTTP proxy in front of moto_server, for tests.

It forwards every request and can:
- sign requests that arrive unsigned (STS AssumeRoleWithWebIdentity, which AWS serves without a signature
  but moto, with auth enforced, does not) with a key given in a file (--sign-unsigned KEYFILE: moto.json);
- inject faults at a seeded rate (--fault-rate 0.2 --seed 7): 500, 503, a throttling error in the request's
  protocol, or a connection reset;
- emulate Lambda's eventual consistency, which moto lacks: --conflict-after-update N answers the next N calls
  that change a function after each update with 409 ResourceConflictException; --role-not-assumable N answers the
  first N CreateFunction calls with "The role defined for the function cannot be assumed by Lambda";
  --schedule-role-not-assumable N answers the first N EventBridge Scheduler CreateSchedule calls with the
  ValidationException a role too new for Scheduler gets ("The execution role you provide must allow AWS
  EventBridge Scheduler to assume the role.");
- emulate an S3 bucket of hoist's name that another account owns and opened to everyone (--foreign-bucket NAME):
  a request for it that names the expected owner (x-amz-expected-bucket-owner, which is never that account) is
  answered 403 AccessDenied, as S3 does; one that names none goes through (to moto), as the open bucket's policy
  would let it, which is how code could be swapped under a client that does not check;
- lose answers after AWS acted (--lose-answer-rate 0.2 --seed 7): a write is forwarded, moto acts on it, and the
  answer is then dropped (the connection closed with nothing sent) or reset, as a timeout or a network failure
  does after the server did the work; the client cannot tell whether it happened;
- record one JSON line per request (--log FILE): method, path, operation, status, fault;
- record every request exactly as the client sent it (--record FILE, JSON lines: method, path, query, headers,
  body in base64), for scripts/validate_requests.py to check against botocore's service models;
- answer Lambda Invoke itself (--emulate-invoke KEYFILE: moto.json), since moto runs no function without Docker:
  the signature checked with KEYFILE's key, the function and qualifier looked up in moto, an echoing function
  (see scripts/lambda_invoke_emulation.py for what it checks and answers);
- work around moto's own SigV4 bugs (--resign-for-moto KEYFILE: moto.json): the requests that MOTO_RULES
  names are forwarded in the form moto can verify, re-signed with the key in KEYFILE. What the client sent (and
  what --record keeps) stays as AWS wants it; only moto's copy changes.

It prints `PORT <n>` on stdout (and into --port-file) when ready and serves until killed.
"""
import argparse
import base64
import re
import hashlib
import http.client
import http.server
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.parse

ARGS = None
INVOKE = None  # scripts/lambda_invoke_emulation.py, imported with --emulate-invoke (it loads botocore)
RANDOM = None
LOCK = threading.Lock()
STATE = {"conflicts": {}, "create_function_refusals": 0, "create_schedule_refusals": 0}


def lambda_fault(method, path):
    """The eventual-consistency fault for this call, if any: (status, headers, body, label)."""
    parts = urllib.parse.urlsplit(path).path.split("/")
    if len(parts) < 3 or parts[2] != "functions":
        return None
    if method == "POST" and len(parts) == 3:
        with LOCK:
            if STATE["create_function_refusals"] < ARGS.role_not_assumable:
                STATE["create_function_refusals"] += 1
                return 400, {"x-amzn-ErrorType": "InvalidParameterValueException"}, json.dumps(
                    {"message": "The role defined for the function cannot be assumed by Lambda."}).encode(), "role"
        return None
    if len(parts) < 5 or method not in ("PUT", "POST", "DELETE") or parts[4] == "invocations":
        return None
    name = parts[3]
    with LOCK:
        pending = STATE["conflicts"].get(name, 0)
        if pending > 0:
            STATE["conflicts"][name] = pending - 1
            return 409, {"x-amzn-ErrorType": "ResourceConflictException"}, json.dumps(
                {"message": "The operation cannot be performed at this time. An update is in progress (injected)",
                 "Type": "User"}).encode(), "conflict"
    return None


def scheduler_fault(method, path, headers):
    """The IAM-propagation refusal of CreateSchedule, while --schedule-role-not-assumable lasts."""
    service, _ = scope_of(headers)
    if service != "scheduler" or method != "POST" or not re.match(r"^/schedules/[^/?]+", path):
        return None
    with LOCK:
        if STATE["create_schedule_refusals"] >= ARGS.schedule_role_not_assumable:
            return None
        STATE["create_schedule_refusals"] += 1
    return 400, {"x-amzn-ErrorType": "ValidationException"}, json.dumps(
        {"message": "The execution role you provide must allow AWS EventBridge Scheduler to assume the role."}
    ).encode(), "schedule-role"


def note_update(method, path, status):
    parts = urllib.parse.urlsplit(path).path.split("/")
    if (ARGS.conflict_after_update and status == 200 and method == "PUT" and len(parts) >= 5
            and parts[2] == "functions" and parts[4] in ("code", "configuration")):
        with LOCK:
            STATE["conflicts"][parts[3]] = ARGS.conflict_after_update


class MotoRule:
    """One request moto refuses although it is valid for AWS, and how the proxy passes it to moto instead.

    service: the SigV4 signing name in the credential scope; method: an HTTP method or None for any; path: a
    regex searched in the raw (still percent-encoded) path; fix: "decode-path" (send the path percent-decoded,
    as moto's web server sees it, and sign that) or "resign" (sign the same request again with botocore, with
    x-amz-content-sha256, as moto recomputes it); why: what moto does wrong (AWS-NOTES style).
    """

    def __init__(self, name, service, method, path, fix, why):
        self.name, self.service, self.method, self.fix, self.why = name, service, method, fix, why
        self.path = re.compile(path)
        assert fix in ("decode-path", "resign"), fix

    def matches(self, method, path, scope_service):
        return (scope_service == self.service and (self.method is None or self.method == method)
                and self.path.search(path) is not None)


# Add a line per operation moto refuses (later: Lambda GetAlias, EventBridge Scheduler ListSchedules); each fix
# kind is exercised against moto by scripts/awsproxy_rules_selftest.py.
MOTO_RULES = [
    MotoRule(
        "apigatewayv2 TagResource/UntagResource/GetTags", "apigateway", None, r"^/v2/tags/", "decode-path",
        "The API's ARN goes in the path percent-encoded, slashes as %2F, and AWS signs that path encoded once "
        "more. moto's web server decodes %2F before it recomputes the signature, so it signs another path than "
        "the client did and answers a valid request with a signature mismatch."),
]


def scope_of(headers):
    """(service, region) of the SigV4 credential scope in Authorization, or (None, None)."""
    authorization = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    match = re.search(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request", authorization)
    return (match.group(2), match.group(1)) if match else (None, None)


def moto_rule(method, path, headers):
    service, _ = scope_of(headers)
    raw_path = path.split("?")[0]
    return next((rule for rule in MOTO_RULES if rule.matches(method, raw_path, service)), None)


def resign_for_moto(rule, method, path, headers, body):
    """The path and headers moto can verify for a request `rule` names, signed with the --resign-for-moto key."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    service, region = scope_of(headers)
    raw_path, mark, query = path.partition("?")
    if rule.fix == "decode-path":
        raw_path = urllib.parse.unquote(raw_path)
    new_path = raw_path + mark + query
    with open(ARGS.resign_for_moto) as handle:
        keys = json.load(handle)
    dropped = ("authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "host")
    request = AWSRequest(method=method, url=ARGS.upstream + new_path, data=body,
                         headers={k: v for k, v in headers.items() if k.lower() not in dropped})
    request.headers["Host"] = next(v for k, v in headers.items() if k.lower() == "host")
    request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(body).hexdigest()
    SigV4Auth(Credentials(keys["accessKeyId"], keys["secretAccessKey"]), service, region).add_auth(request)
    return new_path, dict(request.headers.items())


def operation_of(method, path, headers, body):
    target = headers.get("X-Amz-Target")
    if target:
        return target.split(".")[-1]
    if body and b"Action=" in body:
        return urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("Action", ["?"])[0]
    return f"{method} {urllib.parse.urlsplit(path).path}"


def throttling(headers, body):
    if headers.get("X-Amz-Target"):
        return 400, {"Content-Type": "application/x-amz-json-1.1"}, json.dumps(
            {"__type": "ThrottlingException", "message": "Rate exceeded (injected)"}).encode()
    if body and b"Action=" in body:
        return 400, {"Content-Type": "text/xml"}, (
            b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
            b"<Message>Rate exceeded (injected)</Message></Error><RequestId>injected</RequestId></ErrorResponse>")
    return 429, {"x-amzn-ErrorType": "TooManyRequestsException", "Content-Type": "application/json"}, json.dumps(
        {"message": "Rate exceeded (injected)"}).encode()


def is_write(method, headers, body):
    """Whether a request may change something: not a GET/HEAD, a Describe/Get/List JSON call or query read."""
    if method in ("GET", "HEAD"):
        return False
    operation = operation_of(method, "", headers, body)
    if headers.get("X-Amz-Target") or (body and b"Action=" in body):
        return not operation.startswith(("Describe", "Get", "List"))
    return True


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and the client's
        # delayed ACK hold the body back about 40 ms on every answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items()}
        operation = operation_of(self.command, self.path, headers, body)
        self.record_request(body)
        if ARGS.delay_ms:
            time.sleep(ARGS.delay_ms / 1000)
        fault = None
        if ARGS.fault_rate > 0:
            with LOCK:
                roll = RANDOM.random()
                kind = RANDOM.choice(["500", "503", "throttle", "reset"])
            if roll < ARGS.fault_rate:
                fault = kind
        if fault == "reset":
            self.record(operation, 0, fault)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.connection.close()
            self.close_connection = True
            return
        if fault in ("500", "503"):
            self.respond(int(fault), {"Content-Type": "text/plain"}, b"injected fault", operation, fault)
            return
        if fault == "throttle":
            status, out_headers, out_body = throttling(headers, body)
            self.respond(status, out_headers, out_body, operation, fault)
            return
        if ARGS.foreign_bucket and self.foreign_bucket(headers) and any(
                key.lower() == "x-amz-expected-bucket-owner" for key in headers):
            self.respond(403, {"Content-Type": "application/xml"}, (
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
                b"<Message>Access Denied (the bucket belongs to another account; emulated)</Message>"
                b"<RequestId>emulated</RequestId></Error>"), operation, "foreign-bucket")
            return
        injected = lambda_fault(self.command, self.path) or scheduler_fault(self.command, self.path, headers)
        if injected:
            status, out_headers, out_body, label = injected
            out_headers["Content-Type"] = "application/json"
            self.respond(status, out_headers, out_body, operation, label)
            return
        if INVOKE and INVOKE.is_invoke(self.command, self.path):
            self.emulate_invoke(headers, body)
            return
        if "Authorization" not in headers and ARGS.sign_unsigned:
            headers = self.sign(headers, body)
        forward_path = self.path
        rule = moto_rule(self.command, self.path, headers) if ARGS.resign_for_moto else None
        if rule:
            forward_path, headers = resign_for_moto(rule, self.command, self.path, headers, body)
        upstream = urllib.parse.urlsplit(ARGS.upstream)
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
        connection.connect()
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection.request(self.command, forward_path, body=body, headers=headers)
        answer = connection.getresponse()
        data = answer.read()
        out_headers = {k: v for k, v in answer.getheaders() if k.lower() not in ("transfer-encoding", "connection")}
        connection.close()
        note_update(self.command, self.path, answer.status)
        if ARGS.lose_answer_rate > 0 and is_write(self.command, headers, body):
            with LOCK:
                roll = RANDOM.random()
                how = RANDOM.choice(["drop", "reset"])
            if roll < ARGS.lose_answer_rate:
                self.lose_answer(operation, answer.status, how)
                return
        self.respond(answer.status, out_headers, data, operation, None)

    def emulate_invoke(self, headers, body):
        """Answers Invoke as Lambda would (moto cannot run the function): see lambda_invoke_emulation."""
        with open(ARGS.emulate_invoke) as handle:
            keys = json.load(handle)
        with LOCK:
            draw = random.Random(RANDOM.random())
        status, out_headers, out_body = INVOKE.answer(
            self.command, self.path, headers, body, keys, ARGS.upstream, draw)
        self.respond(status, out_headers, out_body, "Invoke", "emulated")

    def foreign_bucket(self, headers):
        """Whether the request is for --foreign-bucket (path style /NAME..., or virtual-hosted NAME.host)."""
        path = urllib.parse.urlsplit(self.path).path
        host = headers.get("Host", "")
        name = ARGS.foreign_bucket
        return path == f"/{name}" or path.startswith(f"/{name}/") or host.startswith(f"{name}.")

    def lose_answer(self, operation, status, how):
        """moto acted; the client gets nothing (drop) or a reset, never the answer."""
        self.record(operation, status, "lost-" + how)
        if how == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        self.connection.close()
        self.close_connection = True

    def sign(self, headers, body):
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        with open(ARGS.sign_unsigned) as handle:
            keys = json.load(handle)
        request = AWSRequest(method=self.command, url=ARGS.upstream + self.path, data=body,
                             headers={k: v for k, v in headers.items() if k.lower() != "host"})
        request.headers["Host"] = headers.get("Host")
        SigV4Auth(Credentials(keys["accessKeyId"], keys["secretAccessKey"]), "sts", "us-east-1").add_auth(request)
        return dict(request.headers.items())

    def respond(self, status, headers, body, operation, fault):
        self.send_response(status)
        for key, value in headers.items():
            if key.lower() != "content-length":
                self.send_header(key, value)
        # A HEAD answer has no body but keeps the length of the object it describes (S3 HeadObject).
        upstream_length = next((v for k, v in headers.items() if k.lower() == "content-length"), None)
        length = upstream_length if self.command == "HEAD" and upstream_length is not None else len(body)
        self.send_header("Content-Length", str(length))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.record(operation, status, fault)

    def record_request(self, body):
        """Appends the request as the client sent it to --record (before any fault, signing or moto rule)."""
        if not ARGS.record:
            return
        path, _, query = self.path.partition("?")
        line = json.dumps({"method": self.command, "path": path, "query": query,
                           "headers": [[k, v] for k, v in self.headers.items()],
                           "body": base64.b64encode(body).decode("ascii")})
        with LOCK, open(ARGS.record, "a") as handle:
            handle.write(line + "\n")

    def record(self, operation, status, fault):
        if not ARGS.log:
            return
        line = json.dumps({"method": self.command, "path": self.path.split("?")[0], "operation": operation,
                           "status": status, "fault": fault})
        with LOCK, open(ARGS.log, "a") as handle:
            handle.write(line + "\n")

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = handle_any


def main():
    global ARGS, RANDOM, INVOKE
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--sign-unsigned")
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lose-answer-rate", type=float, default=0.0)
    parser.add_argument("--delay-ms", type=int, default=0, help="hold every request this long (slow network)")
    parser.add_argument("--foreign-bucket", help="answer every request for this bucket 403, as S3 does for a "
                        "bucket of another account when the expected owner is named")
    parser.add_argument("--log")
    parser.add_argument("--record", help="append each request as sent (JSON lines) for validate_requests.py")
    parser.add_argument("--resign-for-moto", help="moto.json: pass MOTO_RULES' requests to moto re-signed")
    parser.add_argument("--emulate-invoke", help="moto.json: answer Lambda Invoke here (moto needs Docker to run "
                        "a function), checking the signature with this key and the function in moto")
    parser.add_argument("--conflict-after-update", type=int, default=0)
    parser.add_argument("--role-not-assumable", type=int, default=0)
    parser.add_argument("--schedule-role-not-assumable", type=int, default=0)
    parser.add_argument("--port-file", help="write the port here once listening")
    ARGS = parser.parse_args()
    RANDOM = random.Random(ARGS.seed)
    if ARGS.emulate_invoke:
        import lambda_invoke_emulation
        INVOKE = lambda_invoke_emulation
    server = http.server.ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    if ARGS.port_file:
        with open(ARGS.port_file + ".tmp", "w") as handle:
            handle.write(str(server.server_address[1]))
        os.replace(ARGS.port_file + ".tmp", ARGS.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
