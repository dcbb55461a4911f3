#!/usr/bin/env python3
"""Proves scripts/validate_requests.py can fail: valid recorded requests pass, each broken copy is caught.

Usage: python3 scripts/validate_requests_selftest.py  (exit 0 when every case behaves; run by scripts/test.sh)

scripts/fixtures/valid-requests.jsonl holds real requests hoist sent to moto (one per protocol and a few
operations; signatures zeroed, they are not checked). Each mutation below breaks one rule the validator
enforces; the validator must name the operation and report a finding for it, and none for the originals.
"""
import base64
import copy
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_requests  # noqa: E402

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "valid-requests.jsonl")


def body_json(record, change):
    document = json.loads(base64.b64decode(record["body"]))
    change(document)
    data = json.dumps(document).encode()
    record["body"] = base64.b64encode(data).decode()
    return record


def form(record, change):
    text = base64.b64decode(record["body"]).decode()
    record["body"] = base64.b64encode(change(text).encode()).decode()
    return record


def header(record, name, value):
    record["headers"].append([name, value])
    return record


def xml(record, change):
    record["body"] = base64.b64encode(change(base64.b64decode(record["body"]).decode()).encode()).decode()
    return record


def query(record, change):
    record["query"] = change(record["query"])
    return record


# (operation the fixture line is, what is broken, how, the finding's words)
MUTATIONS = [
    ("dynamodb:CreateTable", "unknown member", lambda r: body_json(r, lambda d: d.update(Colour="red")),
     "unknown member 'Colour'"),
    ("dynamodb:CreateTable", "required member missing", lambda r: body_json(r, lambda d: d.pop("TableName")),
     "required member 'TableName'"),
    ("dynamodb:CreateTable", "enum", lambda r: body_json(r, lambda d: d.update(BillingMode="FREE")),
     "is not one of"),
    ("dynamodb:CreateTable", "max length", lambda r: body_json(r, lambda d: d.update(TableName="t" * 1025)),
     "more than the maximum"),
    ("dynamodb:CreateTable", "type in a list", lambda r: body_json(r, lambda d: d["KeySchema"].append(7)),
     "expected an object"),
    ("iam:CreateRole", "unknown parameter", lambda r: form(r, lambda t: t + "&Colour=red"),
     "unknown parameter 'Colour'"),
    ("iam:CreateRole", "required parameter missing",
     lambda r: form(r, lambda t: "&".join(p for p in t.split("&") if not p.startswith("RoleName="))),
     "required member 'RoleName'"),
    ("iam:CreateRole", "pattern", lambda r: form(r, lambda t: t.replace("RoleName=", "RoleName=no%20spaces")),
     "does not match the pattern"),
    ("iam:CreateRole", "wrong Version", lambda r: form(r, lambda t: t.replace("Version=2010-05-08", "Version=1")),
     "Version is not"),
    ("iam:CreateRole", "list item incomplete",
     lambda r: form(r, lambda t: "&".join(p for p in t.split("&") if not p.startswith("Tags.member.2.Value="))),
     "required member 'Value'"),
    ("lambda:UpdateFunctionConfiguration", "range", lambda r: body_json(r, lambda d: d.update(MemorySize=64)),
     "below the minimum"),
    ("lambda:UpdateFunctionConfiguration", "integer type",
     lambda r: body_json(r, lambda d: d.update(MemorySize="1024")), "expected an integer"),
    ("lambda:UpdateFunctionConfiguration", "unknown query parameter", lambda r: query(r, lambda q: "Colour=red"),
     "unknown query parameter 'Colour'"),
    ("lambda:GetFunction", "unknown x-amz header", lambda r: header(r, "x-amz-colour", "red"),
     "unknown header 'x-amz-colour'"),
    ("lambda:GetFunction", "querystring enum-less pattern", lambda r: query(r, lambda q: "Qualifier=%21%21"),
     "does not match the pattern"),
    ("s3:UploadPart", "querystring integer", lambda r: query(r, lambda q: q.replace("partNumber=", "partNumber=x")),
     "is not an integer"),
    ("s3:UploadPart", "header enum", lambda r: header(r, "x-amz-request-payer", "nobody"), "is not one of"),
    ("s3:UploadPart", "required checksum missing",
     lambda r: dict(r, path=r["path"].split("/")[0] + "/" + r["path"].split("/")[1], query="tagging",
                    headers=[h for h in r["headers"] if not h[0].lower().startswith("x-amz-checksum")],
                    body=base64.b64encode(b"<Tagging><TagSet></TagSet></Tagging>").decode()),
     "requires a checksum"),
    ("s3:CompleteMultipartUpload", "unknown XML element",
     lambda r: xml(r, lambda t: t.replace("<PartNumber>1</PartNumber>", "<PartNumber>1</PartNumber><Size>3</Size>")),
     "unknown element <Size>"),
    ("s3:CompleteMultipartUpload", "XML integer",
     lambda r: xml(r, lambda t: t.replace("<PartNumber>1</PartNumber>", "<PartNumber>one</PartNumber>")),
     "is not an integer"),
    ("apigatewayv2:CreateApi", "required body member", lambda r: body_json(r, lambda d: d.pop("protocolType")),
     "required member 'ProtocolType'"),
    ("apigatewayv2:CreateApi", "enum in rest-json", lambda r: body_json(r, lambda d: d.update(protocolType="FTP")),
     "is not one of"),
    ("apigatewayv2:CreateApi", "map value type", lambda r: body_json(r, lambda d: d["tags"].update(n=1)),
     "expected a string"),
    ("apigatewayv2:CreateApi", "nested member by its shape name, not its wire name (allowOrigins)",
     lambda r: body_json(r, lambda d: d["corsConfiguration"].update(AllowOrigins=d["corsConfiguration"].pop(
         "allowOrigins"))), "unknown member 'AllowOrigins'"),
    ("cloudwatch:GetMetricData", "unknown parameter (query protocol of a model listing several)",
     lambda r: form(r, lambda t: t + "&MetricDataQueries.member.1.MetricStat.Colour=red"),
     "unknown parameter 'MetricDataQueries.member.1.MetricStat.Colour'"),
    ("cloudwatch:GetMetricData", "integer in a nested structure",
     lambda r: form(r, lambda t: t.replace("MetricStat.Period=60", "MetricStat.Period=sixty", 1)), "is not an integer"),
    ("cloudwatch:GetMetricData", "timestamp",
     lambda r: form(r, lambda t: t.replace("StartTime=2026", "StartTime=yesterday", 1)), "timestamp"),
    ("cloudwatch:GetMetricData", "required member of a list item",
     lambda r: form(r, lambda t: "&".join(
         p for p in t.split("&") if not p.startswith("MetricDataQueries.member.2.Id="))),
     "required member 'Id'"),
    ("logs:PutRetentionPolicy", "pattern in json",
     lambda r: body_json(r, lambda d: d.update(logGroupName="no spaces!")), "does not match the pattern"),
    ("logs:PutRetentionPolicy", "integer type", lambda r: body_json(r, lambda d: d.update(retentionInDays=1.5)),
     "expected an integer"),
]


def check(record):
    request = validate_requests.Request(record, 1)
    return validate_requests.identify_and_check(MODELS, request)


MODELS = None


def main():
    global MODELS
    MODELS = validate_requests.Models()
    with open(FIXTURE, encoding="utf-8") as handle:
        originals = {}
        for line in handle:
            record = json.loads(line)
            originals[record["operation"]] = record
    failures = 0
    for name, record in originals.items():
        service, operation, findings = check(copy.deepcopy(record))
        if f"{service}:{operation}" != name or findings:
            failures += 1
            print(f"FAIL original {name}: identified as {service}:{operation}, findings {findings}")
    for name, what, mutate, words in MUTATIONS:
        service, operation, findings = check(mutate(copy.deepcopy(originals[name])))
        if not any(words in finding for finding in findings):
            failures += 1
            print(f"FAIL {name} with {what}: expected a finding with {words!r}; got {service}:{operation} {findings}")
    print(f"validator self-test: {len(originals)} valid requests, {len(MUTATIONS)} broken copies, "
          f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
