#!/usr/bin/env python3
"""Signs requests with botocore's SigV4 signers, as the reference for hoist's signer.

Usage: python3 scripts/sigv4_reference.py REQUESTS.json  (prints a JSON list, one object per request)

REQUESTS.json holds {"timestamp": "yyyymmddThhmmssZ", "requests": [...]}, each request:
  id, service, region, method, path (as on the wire, already percent-encoded), query ([[name, value]], not
  encoded), headers ([[name, value]], in order, repeats allowed), body (base64), s3 (bool: S3SigV4Auth),
  unsigned (bool: UNSIGNED-PAYLOAD), contentSHA256 (bool, non-S3: send X-Amz-Content-SHA256 with the body's
  hash or UNSIGNED-PAYLOAD), accessKeyId, secretAccessKey, sessionToken (or null).
Each answer: id, canonicalRequest, stringToSign, signature.

botocore's SigV4Auth (S3SigV4Auth for s3) does the work; the fixed timestamp replaces add_auth's clock, so this
runs the same steps as add_auth: _modify_request_before_signing, canonical_request, string_to_sign, signature.
"""
import base64
import hashlib
import json
import sys

from botocore.auth import S3SigV4Auth, SigV4Auth, UNSIGNED_PAYLOAD
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.config import Config
from botocore.credentials import Credentials


def sign(case, timestamp):
    body = base64.b64decode(case["body"])
    headers = HTTPHeaders()
    for name, value in case["headers"]:
        headers[name] = value  # HTTPHeaders keeps repeats, in order
    host = next(value for name, value in case["headers"] if name.lower() == "host")
    request = AWSRequest(method=case["method"], url="https://" + host + case["path"], data=body)
    request.headers = headers
    request.params = [(name, value) for name, value in case["query"]]
    request.context["timestamp"] = timestamp
    credentials = Credentials(case["accessKeyId"], case["secretAccessKey"], case.get("sessionToken"))
    if case["s3"]:
        signer = S3SigV4Auth(credentials, case["service"], case["region"])
        if case["unsigned"]:
            request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    else:
        signer = SigV4Auth(credentials, case["service"], case["region"])
        if case["contentSHA256"]:
            digest = UNSIGNED_PAYLOAD if case["unsigned"] else hashlib.sha256(body).hexdigest()
            request.headers["X-Amz-Content-SHA256"] = digest
    signer._modify_request_before_signing(request)
    canonical = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical)
    return {
        "id": case["id"], "canonicalRequest": canonical, "stringToSign": string_to_sign,
        "signature": signer.signature(string_to_sign, request),
    }


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as handle:
        document = json.load(handle)
    answers = [sign(case, document["timestamp"]) for case in document["requests"]]
    json.dump(answers, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
