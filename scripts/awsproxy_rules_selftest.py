#!/usr/bin/env python3
"""Checks awsproxy.py's moto rules against a running moto (the test bed's moto.json).

Usage: python3 scripts/awsproxy_rules_selftest.py .hoist-test/moto.json  (run by scripts/test.sh)

Each MOTO_RULES entry names a real request; this makes one request per fix kind and proves the rewritten
request is one moto verifies: "resign" on a bodyless Lambda ListFunctions whose signature moto cannot verify
(signed with another key, as moto's bugs make it see a valid signature), "decode-path" on API Gateway's GetTags
with the ARN encoded in the path. (A query moto decodes before checking the signature, ListEventSourceMappings
of `fn%3Alive`, is fixed in scripts/motoserver.py for every client.) Without the rewrite moto refuses each (checked too, so the test can fail).
"""
import argparse
import http.client
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import awsproxy  # noqa: E402
from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402


def client_request(endpoint, method, path, service):
    """Headers of a request signed with a key moto does not know, standing in for a signature moto misjudges."""
    host = urllib.parse.urlsplit(endpoint).netloc
    request = AWSRequest(method=method, url=endpoint + path, data=b"", headers={"Host": host})
    SigV4Auth(Credentials("AKIDNOTMOTO", "not-the-secret"), service, "us-east-1").add_auth(request)
    return dict(request.headers.items())


def send(endpoint, method, path, headers):
    upstream = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
    connection.request(method, path, headers=headers)
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, body


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("state", help="moto.json of the test bed")
    state = parser.parse_args().state
    with open(state) as handle:
        endpoint = json.load(handle)["endpoint"]
    awsproxy.ARGS = argparse.Namespace(upstream=endpoint, resign_for_moto=state)
    arn = urllib.parse.quote("arn:aws:apigateway:us-east-1::/apis/none", safe="")
    cases = [
        (awsproxy.MotoRule("test: resign", "lambda", "GET", r"^/2015-03-31/functions/$", "resign", "test"),
         "GET", "/2015-03-31/functions/", "lambda", (200,)),
        (awsproxy.MOTO_RULES[0], "GET", f"/v2/tags/{arn}", "apigateway", (200, 404)),
    ]
    failures = 0
    for rule, method, path, service, accepted in cases:
        headers = client_request(endpoint, method, path, service)
        if awsproxy.moto_rule(method, path, headers) is not rule and rule in awsproxy.MOTO_RULES:
            failures += 1
            print(f"FAIL {rule.name}: the rule does not match {method} {path}")
        status, body = send(endpoint, method, path, headers)
        if status in accepted:
            failures += 1
            print(f"FAIL {rule.name}: moto accepted the request as sent ({status}); the test proves nothing")
        new_path, new_headers = awsproxy.resign_for_moto(rule, method, path, headers, b"")
        status, body = send(endpoint, method, new_path, new_headers)
        if status not in accepted:
            failures += 1
            print(f"FAIL {rule.name}: moto answered {status} to the rewritten request: {body[:300]!r}")
    print(f"moto rules self-test: {len(cases)} rules, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
