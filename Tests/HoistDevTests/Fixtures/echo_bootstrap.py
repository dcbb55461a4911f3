#!/usr/bin/env python3
"""A tiny Lambda bootstrap over the Runtime API (stdlib only), for hoist dev's tests.

By rawPath: /crash exits mid-request, /sleep sleeps 30 s, /error reports a function error, /binary answers a
base64 body, /plain answers an object without statusCode; anything else echoes the event back as JSON.
"""
import http.client
import json
import os
import sys
import time

host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
connection = http.client.HTTPConnection(host, int(port))


def post(path, body):
    connection.request("POST", path, body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    connection.getresponse().read()


def next_invocation():
    try:
        connection.request("GET", "/2018-06-01/runtime/invocation/next")
        return connection.getresponse()
    except (OSError, http.client.HTTPException):
        sys.exit(0)  # hoist dev stopped: leave quietly


while True:
    answer = next_invocation()
    event = json.loads(answer.read())
    request_id = answer.getheader("Lambda-Runtime-Aws-Request-Id")
    base = f"/2018-06-01/runtime/invocation/{request_id}"
    path = event["rawPath"]
    if path == "/crash":
        os._exit(3)
    if path == "/sleep":
        time.sleep(30)
    if path == "/error":
        post(f"{base}/error", {"errorType": "ValueError", "errorMessage": "asked to fail"})
        continue
    if path == "/binary":
        post(f"{base}/response", {"statusCode": 200, "headers": {"content-type": "application/octet-stream"},
                                  "body": "AAEC/w==", "isBase64Encoded": True})
        continue
    if path == "/plain":
        post(f"{base}/response", {"hello": "world"})
        continue
    echo = {
        "event": event, "requestId": request_id, "pid": os.getpid(),
        "deadlineMs": int(answer.getheader("Lambda-Runtime-Deadline-Ms")),
        "functionArn": answer.getheader("Lambda-Runtime-Invoked-Function-Arn"),
        "traceId": answer.getheader("Lambda-Runtime-Trace-Id"),
        "variables": {name: os.environ[name] for name in ["AWS_REGION", "USERS_TABLE", "_HANDLER", "JWT_SECRET_ARN",
                                                     "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID"] if name in os.environ},
    }
    post(f"{base}/response", {"statusCode": 200, "headers": {"content-type": "application/json", "x-echo": "1"},
                              "cookies": ["session=abc; Path=/", "theme=dark"], "body": json.dumps(echo)})
