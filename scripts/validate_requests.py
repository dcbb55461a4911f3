#!/usr/bin/env python3
"""Checks recorded AWS requests against botocore's service models (what real AWS accepts, not what moto lets by).

Usage: python3 scripts/validate_requests.py TRAFFIC.jsonl [MORE.jsonl ...] [--verbose] [--json]

Each line of TRAFFIC.jsonl is one request as scripts/awsproxy.py --record writes it:
  {"method": "PUT", "path": "/2015-03-31/functions/f/configuration", "query": "a=1&b=",
   "headers": [["Host", "..."], ...], "body": "<base64>"}

Per request it finds
- the service: the SigV4 credential scope's service in Authorization (or X-Amz-Credential), matched to the models'
  signingName/endpointPrefix (SIGNING_NAME_FOLDERS for names no folder is named like: monitoring is cloudwatch);
  an unsigned query call falls back to its Version parameter;
- the operation by protocol (for a model listing several, the one the request is in): json by X-Amz-Target; query
  by the Action parameter; rest-json and rest-xml by method and requestUri (labels, greedy labels, literal query
  keys), the best-fitting operation when several match;
and checks the input shape of botocore/data/<service>/<version>/service-2.json: no unknown members (body, query
parameters, x-amz-* headers), required members present, types (strings, integers, booleans, timestamps, blobs,
lists, maps, structures, unions), enums, min/max lengths and ranges, patterns (the whole value, where Python's
re compiles them), a checksum header where the operation requires one (Content-MD5 or x-amz-checksum-*),
and rest locations (uri labels, querystring, header, headers prefix, payload).

Prints one line per finding, then `validated N requests, M operations (K distinct), F findings`; exits 1 when
there is a finding or a request could not be identified, 0 otherwise.
"""
import argparse
import base64
import datetime
import email.utils
import json
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ElementTree

from botocore.loaders import Loader
from botocore.model import ServiceModel

# Headers any signed request carries that no model lists.
PROTOCOL_HEADERS = {
    "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "x-amz-target", "x-amz-user-agent",
    "x-amz-decoded-content-length", "x-amzn-trace-id", "x-amz-sdk-checksum-algorithm",
}


# Signing names that name no botocore service folder (and that no folder starts with), mapped to their folders
# without reading every model's metadata: CloudWatch signs as `monitoring`.
SIGNING_NAME_FOLDERS = {"monitoring": ["cloudwatch"]}


class Models:
    """botocore's service models, loaded on demand, indexed by signing name."""

    def __init__(self):
        self.loader = Loader()
        self.cache = {}
        self.by_signing_name = {}
        self.folders = set(self.loader.list_available_services("service-2"))
        for name in self.folders:
            self.by_signing_name.setdefault(name, set()).add(name)
        self.index_loaded = False

    def model(self, name):
        if name not in self.cache:
            self.cache[name] = ServiceModel(self.loader.load_service_model(name, "service-2"), service_name=name)
        return self.cache[name]

    def quick_candidates(self, signing_name):
        """Services named like the signing name (apigateway: apigateway, apigatewayv2, ...), without reading
        every model's metadata; ``candidates`` is the full answer."""
        # Folders only: once ``candidates`` has indexed every model, by_signing_name also holds endpoint prefixes
        # (s3-control) that name no folder.
        named = [n for n in self.folders if n == signing_name or n.startswith(signing_name)]
        return sorted(set(named) | set(SIGNING_NAME_FOLDERS.get(signing_name, [])))

    def candidates(self, signing_name):
        """Services whose requests are signed with this name (e.g. apigateway: apigateway and apigatewayv2)."""
        if not self.index_loaded:
            for name in self.loader.list_available_services("service-2"):
                metadata = self.loader.load_service_model(name, "service-2").get("metadata", {})
                for key in (metadata.get("signingName"), metadata.get("endpointPrefix")):
                    if key:
                        self.by_signing_name.setdefault(key, set()).add(name)
            self.index_loaded = True
        return sorted(self.by_signing_name.get(signing_name, set()))


class Request:
    """One recorded request, decoded."""

    def __init__(self, record, number):
        self.number = number
        self.method = record["method"]
        self.path = record["path"]
        self.query = urllib.parse.parse_qsl(record.get("query", ""), keep_blank_values=True)
        self.headers = [(name, value) for name, value in record["headers"]]
        self.body = base64.b64decode(record.get("body", ""))

    def header(self, name):
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def signing_service(self):
        authorization = self.header("Authorization") or ""
        match = re.search(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request", authorization)
        if match:
            return match.group(1)
        credential = dict(self.query).get("X-Amz-Credential", "")
        parts = credential.split("/")
        return parts[3] if len(parts) >= 5 else None

    def form(self):
        content_type = self.header("Content-Type") or ""
        if "x-www-form-urlencoded" not in content_type:
            return None
        return urllib.parse.parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True)

    def describe(self):
        query = "&".join(f"{k}={v}" for k, v in self.query)
        return f"#{self.number} {self.method} {self.path}{'?' + query if query else ''}"


class Checker:
    """Collects findings while walking a request's members against the model's shapes."""

    def __init__(self):
        self.findings = []

    def add(self, where, message):
        self.findings.append(f"{where}: {message}")

    # -- scalar constraints -------------------------------------------------------------------------------------

    def string(self, shape, value, where):
        if not isinstance(value, str):
            self.add(where, f"expected a string, got {type(value).__name__}")
            return
        metadata = shape.metadata
        if "enum" in metadata and value not in metadata["enum"]:
            self.add(where, f"{value!r} is not one of {metadata['enum']}")
        self.length(metadata, len(value), where, "characters")
        pattern = metadata.get("pattern")
        if pattern is not None:
            try:
                compiled = re.compile(pattern)
            except re.error:
                compiled = None  # a Java/ECMA construct Python's re does not know: the pattern is not checked
            # The whole value must match: AWS's services match patterns as Java's matches() does, and their
            # documentation reads them so (IAM's RoleName pattern [\w+=,.@-]+ means "no spaces").
            if compiled is not None and not compiled.fullmatch(value):
                self.add(where, f"{value!r} does not match the pattern {pattern}")

    def length(self, metadata, count, where, unit):
        if "min" in metadata and count < metadata["min"]:
            self.add(where, f"{count} {unit}, fewer than the minimum {metadata['min']}")
        if "max" in metadata and count > metadata["max"]:
            self.add(where, f"{count} {unit}, more than the maximum {metadata['max']}")

    def number(self, shape, value, where):
        metadata = shape.metadata
        if "min" in metadata and value < metadata["min"]:
            self.add(where, f"{value} is below the minimum {metadata['min']}")
        if "max" in metadata and value > metadata["max"]:
            self.add(where, f"{value} is above the maximum {metadata['max']}")

    def timestamp_text(self, value, fmt, where):
        try:
            if fmt == "rfc822":
                if email.utils.parsedate_to_datetime(value) is None:
                    raise ValueError(value)
            elif fmt == "unixTimestamp":
                float(value)
            else:
                datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except (TypeError, ValueError):
            self.add(where, f"{value!r} is not a {fmt} timestamp")

    # -- text locations (query, header, uri, query protocol) ----------------------------------------------------

    def text(self, shape, value, where, default_time="iso8601"):
        """A scalar sent as text: querystring, header, uri label or a query-protocol parameter."""
        kind = shape.type_name
        if kind == "string":
            if shape.serialization.get("jsonvalue"):
                try:
                    json.loads(base64.b64decode(value))
                except ValueError:
                    self.add(where, "a JSON value header must be base64 of JSON")
                return
            self.string(shape, value, where)
        elif kind in ("integer", "long"):
            if not re.fullmatch(r"-?\d+", value):
                self.add(where, f"{value!r} is not an integer")
            else:
                self.number(shape, int(value), where)
        elif kind in ("double", "float"):
            try:
                self.number(shape, float(value), where)
            except ValueError:
                self.add(where, f"{value!r} is not a number")
        elif kind == "boolean":
            if value not in ("true", "false"):
                self.add(where, f"{value!r} is not true or false")
        elif kind == "timestamp":
            self.timestamp_text(value, shape.serialization.get("timestampFormat", default_time), where)
        elif kind == "blob":
            try:
                decoded = base64.b64decode(value, validate=True)
                self.length(shape.metadata, len(decoded), where, "bytes")
            except ValueError:
                self.add(where, "not base64")
        else:
            self.add(where, f"a {kind} cannot be sent as text")

    # -- JSON documents -----------------------------------------------------------------------------------------

    def json_value(self, shape, value, where):
        kind = shape.type_name
        if shape.metadata.get("document"):
            return
        if kind == "structure":
            if not isinstance(value, dict):
                self.add(where, f"expected an object, got {type(value).__name__}")
                return
            # Nested members go by their wire name (locationName) as at the top level: botocore's JSON serializers
            # write `corsConfiguration.allowOrigins` for apigatewayv2's Cors.AllowOrigins.
            self.structure_members(
                shape, value, where, self.json_value, key=lambda name, member: member.serialization.get("name", name))
        elif kind == "list":
            if not isinstance(value, list):
                self.add(where, f"expected a list, got {type(value).__name__}")
                return
            self.length(shape.metadata, len(value), where, "items")
            for index, item in enumerate(value):
                self.json_value(shape.member, item, f"{where}[{index}]")
        elif kind == "map":
            if not isinstance(value, dict):
                self.add(where, f"expected a map, got {type(value).__name__}")
                return
            self.length(shape.metadata, len(value), where, "entries")
            for key, item in value.items():
                self.string(shape.key, key, f"{where} key {key!r}")
                self.json_value(shape.value, item, f"{where}[{key!r}]")
        elif kind == "string":
            self.string(shape, value, where)
        elif kind in ("integer", "long"):
            if not isinstance(value, int) or isinstance(value, bool):
                self.add(where, f"expected an integer, got {value!r}")
            else:
                self.number(shape, value, where)
        elif kind in ("double", "float"):
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                self.add(where, f"expected a number, got {value!r}")
            else:
                self.number(shape, value, where)
        elif kind == "boolean":
            if not isinstance(value, bool):
                self.add(where, f"expected true or false, got {value!r}")
        elif kind == "timestamp":
            if isinstance(value, str):
                self.timestamp_text(value, shape.serialization.get("timestampFormat", "iso8601"), where)
            elif not isinstance(value, (int, float)) or isinstance(value, bool):
                self.add(where, f"expected a timestamp, got {value!r}")
        elif kind == "blob":
            if not isinstance(value, str):
                self.add(where, "a blob in JSON must be a base64 string")
            else:
                self.text(shape, value, where)

    def structure_members(self, shape, present, where, check, key):
        """Unknown, required and union rules over `present` (wire name -> value), then each member's value."""
        by_wire = {key(name, member): (name, member) for name, member in shape.members.items()}
        for wire_name, value in present.items():
            if wire_name not in by_wire:
                self.add(where, f"unknown member {wire_name!r}")
                continue
            name, member = by_wire[wire_name]
            check(member, value, f"{where}.{name}")
        names = {by_wire[w][0] for w in present if w in by_wire}
        for required in shape.required_members:
            if required not in names:
                self.add(where, f"required member {required!r} is missing")
        if shape.metadata.get("union") and len(names) != 1:
            self.add(where, f"a union takes exactly one member, got {sorted(names)}")

    # -- query protocol parameters --------------------------------------------------------------------------

    def query_value(self, shape, params, prefix, where):
        """Consumes `params` (name -> value) under `prefix` for `shape`; returns whether anything was there."""
        kind = shape.type_name
        if kind == "structure":
            present = {}
            for name, member in shape.members.items():
                wire = member.serialization.get("name", name)
                full = f"{prefix}.{wire}" if prefix else wire
                if self.query_present(member, params, full):
                    present[name] = full
            for name, full in present.items():
                self.query_value(shape.members[name], params, full, f"{where}.{name}")
            for required in shape.required_members:
                if required not in present:
                    self.add(where, f"required member {required!r} is missing")
            return bool(present)
        if kind == "list":
            flattened = shape.serialization.get("flattened")
            item = prefix if flattened else f"{prefix}.{shape.member.serialization.get('name', 'member')}"
            count = 0
            while self.query_present(shape.member, params, f"{item}.{count + 1}"):
                count += 1
                self.query_value(shape.member, params, f"{item}.{count}", f"{where}[{count}]")
            if prefix in params and params[prefix] == "":
                params.pop(prefix)  # an empty list is sent as `Name=`
            self.length(shape.metadata, count, where, "items")
            return True
        if kind == "map":
            flattened = shape.serialization.get("flattened")
            entry = prefix if flattened else f"{prefix}.entry"
            key_name = shape.key.serialization.get("name", "key")
            value_name = shape.value.serialization.get("name", "value")
            count = 0
            while f"{entry}.{count + 1}.{key_name}" in params:
                count += 1
                key = params.pop(f"{entry}.{count}.{key_name}")
                self.string(shape.key, key, f"{where} key")
                self.query_value(shape.value, params, f"{entry}.{count}.{value_name}", f"{where}[{key!r}]")
            self.length(shape.metadata, count, where, "entries")
            return True
        if prefix not in params:
            self.add(where, "missing")
            return False
        self.text(shape, params.pop(prefix), where)
        return True

    @staticmethod
    def query_present(shape, params, prefix):
        return prefix in params or any(name.startswith(prefix + ".") for name in params)

    # -- rest-xml payloads ------------------------------------------------------------------------------------

    def xml_value(self, shape, element, where):
        kind = shape.type_name
        if kind == "structure":
            children = {}
            for child in element:
                children.setdefault(local(child.tag), []).append(child)
            known = {}
            for name, member in shape.members.items():
                wire = member.serialization.get("name", name)
                known[wire] = (name, member)
            present = set()
            for wire, elements in children.items():
                if wire not in known:
                    self.add(where, f"unknown element <{wire}>")
                    continue
                name, member = known[wire]
                present.add(name)
                if member.type_name == "list" and member.serialization.get("flattened"):
                    self.length(member.metadata, len(elements), f"{where}.{name}", "items")
                    for index, item in enumerate(elements):
                        self.xml_value(member.member, item, f"{where}.{name}[{index}]")
                else:
                    if len(elements) > 1:
                        self.add(where, f"<{wire}> appears {len(elements)} times")
                    self.xml_value(member, elements[0], f"{where}.{name}")
            for required in shape.required_members:
                if required not in present:
                    self.add(where, f"required member {required!r} is missing")
        elif kind == "list":
            item_name = shape.member.serialization.get("name", "member")
            items = list(element)
            for index, item in enumerate(items):
                if local(item.tag) != item_name:
                    self.add(f"{where}[{index}]", f"expected <{item_name}>, got <{local(item.tag)}>")
                self.xml_value(shape.member, item, f"{where}[{index}]")
            self.length(shape.metadata, len(items), where, "items")
        elif kind == "map":
            self.add(where, "maps in XML payloads are not checked")
        else:
            self.text(shape, element.text or "", where)


def local(tag):
    return tag.split("}", 1)[-1]


def uri_pattern(request_uri):
    """The requestUri's path as a regex with a group per label, and its literal query keys."""
    path, _, query = request_uri.partition("?")
    labels = []
    pattern = ""
    for piece in re.split(r"(\{[^}]+\})", path):
        if piece.startswith("{"):
            name = piece[1:-1]
            greedy = name.endswith("+")
            labels.append(name.rstrip("+"))
            pattern += "(.+)" if greedy else "([^/]+)"
        else:
            pattern += re.escape(piece)
    literal_query = {}
    for pair in filter(None, query.split("&")):
        key, _, value = pair.partition("=")
        literal_query[key] = value
    return re.compile("^" + pattern + "$"), labels, literal_query


def check_rest(model, operation, request, checker, match):
    """Checks a rest-json or rest-xml request's uri labels, query, headers and body against the input shape."""
    shape = operation.input_shape
    _, labels, literal_query = uri_pattern(operation.http["requestUri"])
    values = dict(zip(labels, (urllib.parse.unquote(group) for group in match.groups())))
    query = {}
    for key, value in request.query:
        query.setdefault(key, []).append(value)
    for key in literal_query:
        query.pop(key, None)
    query.pop("x-id", None)
    headers = {}
    for key, value in request.headers:
        headers.setdefault(key.lower(), []).append(value)
    present = set()
    body_members = {}
    members = shape.members if shape else {}
    for name, member in members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        where = f"{operation.name}.{name}"
        if location == "uri":
            if wire in values:
                present.add(name)
                checker.text(member, values[wire], f"{where} (uri)")
        elif location == "querystring":
            if member.type_name == "map":
                continue  # takes every other parameter: checked below
            if wire in query:
                present.add(name)
                given = query.pop(wire)
                if member.type_name == "list":
                    for index, item in enumerate(given):
                        checker.text(member.member, item, f"{where}[{index}] (query)")
                    checker.length(member.metadata, len(given), where, "items")
                else:
                    if len(given) > 1:
                        checker.add(where, f"query parameter {wire!r} repeated")
                    checker.text(member, given[0], f"{where} (query)")
        elif location == "header":
            if wire.lower() in headers:
                present.add(name)
                given = headers.pop(wire.lower())
                if member.type_name == "list":
                    items = [item.strip() for value in given for item in value.split(",")]
                    for index, item in enumerate(items):
                        checker.text(member.member, item, f"{where}[{index}] (header)")
                else:
                    checker.text(member, ",".join(given), f"{where} (header {wire})", default_time="rfc822")
        elif location == "headers":
            prefix = wire.lower()
            found = {key: value for key, value in headers.items() if key.startswith(prefix)}
            for key in found:
                headers.pop(key)
            if found:
                present.add(name)
        elif location is None:
            body_members[name] = member
    map_query = next(
        (m for m in members.values() if m.serialization.get("location") == "querystring" and m.type_name == "map"),
        None)
    if map_query is None:
        for key in query:
            checker.add(operation.name, f"unknown query parameter {key!r}")
    for key in headers:
        if (key.startswith("x-amz-") or key.startswith("x-amzn-")) and key not in PROTOCOL_HEADERS:
            checker.add(operation.name, f"unknown header {key!r}")
    present |= check_rest_body(model, operation, request, checker, body_members)
    if operation.http_checksum_required or operation.http_checksum.get("requestChecksumRequired"):
        names = {key.lower() for key, _ in request.headers}
        if "content-md5" not in names and not any(name.startswith("x-amz-checksum-") for name in names):
            checker.add(operation.name, "the operation requires a checksum: Content-MD5 or an x-amz-checksum-* header")
    for required in (shape.required_members if shape else []):
        if required not in present:
            checker.add(operation.name, f"required member {required!r} is missing")


def check_rest_body(model, operation, request, checker, body_members):
    """Checks the body: a payload member, or the JSON object of the members without a location."""
    shape = operation.input_shape
    present = set()
    payload = shape.serialization.get("payload") if shape else None
    if payload:
        member = shape.members[payload]
        if not request.body:
            return present
        present.add(payload)
        if member.type_name in ("blob", "string"):
            checker.length(member.metadata, len(request.body), f"{operation.name}.{payload}", "bytes")
            return present
        if model.protocol == "rest-xml":
            try:
                root = ElementTree.fromstring(request.body)
            except ElementTree.ParseError as error:
                checker.add(operation.name, f"the XML body does not parse: {error}")
                return present
            expected = member.serialization.get("name", payload)
            if local(root.tag) != expected:
                checker.add(operation.name, f"the XML root is <{local(root.tag)}>, expected <{expected}>")
            checker.xml_value(member, root, f"{operation.name}.{payload}")
        else:
            checker.json_value(member, parse_json(request.body, checker, operation.name), f"{operation.name}.{payload}")
        return present
    if not request.body:
        return present
    document = parse_json(request.body, checker, operation.name)
    if not isinstance(document, dict):
        checker.add(operation.name, "the body is not a JSON object")
        return present
    for key, value in document.items():
        match = next((n for n, m in body_members.items() if m.serialization.get("name", n) == key), None)
        if match is None:
            checker.add(operation.name, f"unknown member {key!r}")
            continue
        present.add(match)
        checker.json_value(body_members[match], value, f"{operation.name}.{match}")
    return present


def parse_json(body, checker, where):
    try:
        return json.loads(body)
    except ValueError:
        checker.add(where, "the body is not JSON")
        return None


def rest_candidates(model, request):
    """Operations whose method, path pattern and literal query keys fit the request."""
    path = request.path.split("?")[0]
    keys = {key for key, _ in request.query}
    for name in model.operation_names:
        operation = model.operation_model(name)
        http = operation.http
        if http.get("method") != request.method:
            continue
        pattern, _, literal_query = uri_pattern(http["requestUri"])
        match = pattern.match(path)
        if match and all(key in keys for key in literal_query if key != "x-id"):
            literal = len(re.sub(r"\{[^}]+\}", "", http["requestUri"]))
            yield operation, match, literal


def identify_and_check(models, request):
    """(service, operation, findings), or (None, None, [reason]) when no operation fits."""
    signing = request.signing_service()
    form = request.form()
    if signing is None and form is not None:
        version = dict(form).get("Version")
        names = [n for n in models.loader.list_available_services("service-2")
                 if n in ("sts", "iam") and models.model(n).api_version == version]
    else:
        names = models.quick_candidates(signing) if signing else []
    best = best_fit(models, request, form, names)
    if best is None and signing:
        names = models.candidates(signing)
        best = best_fit(models, request, form, names)
    if best is None:
        return None, None, [f"no operation of {names or signing or 'any service'} fits this request"]
    return best[1], best[2], best[3]


def best_fit(models, request, form, names):
    """(score, service, operation, findings) of the operation that fits best, or None."""
    best = None
    for name in names:
        model = models.model(name)
        for operation, checker in operations_for(model, request, form):
            score = (len(checker.findings), -getattr(checker, "literal", 0))
            if best is None or score < best[0]:
                best = (score, name, operation.name, checker.findings)
    return best


def request_protocol(model, request, form):
    """The protocol the request is in: the model's, or for a model that lists several (`protocols`, e.g.
    CloudWatch's smithy-rpc-v2-cbor, json and query) the listed one the request's shape shows."""
    listed = model.metadata.get("protocols") or [model.protocol]
    if len(listed) == 1:
        return listed[0]
    if form is not None and "query" in listed:
        return "query"
    if request.header("X-Amz-Target") and "json" in listed:
        return "json"
    return model.protocol


def operations_for(model, request, form):
    """Each operation that could be this request, with the findings of checking it as that operation."""
    protocol = request_protocol(model, request, form)
    if protocol == "json":
        target = request.header("X-Amz-Target") or ""
        prefix, _, operation_name = target.rpartition(".")
        if prefix != model.metadata.get("targetPrefix") or operation_name not in model.operation_names:
            return
        operation = model.operation_model(operation_name)
        checker = Checker()
        document = parse_json(request.body or b"{}", checker, operation_name)
        if operation.input_shape is not None:
            checker.json_value(operation.input_shape, document, operation_name)
        yield operation, checker
    elif protocol == "query":
        if form is None:
            return
        params = dict(form)
        operation_name = params.pop("Action", None)
        if operation_name not in model.operation_names:
            return
        operation = model.operation_model(operation_name)
        checker = Checker()
        if params.pop("Version", None) != model.api_version:
            checker.add(operation_name, f"Version is not {model.api_version}")
        if operation.input_shape is not None:
            checker.query_value(operation.input_shape, params, "", operation_name)
        for key in params:
            checker.add(operation_name, f"unknown parameter {key!r}")
        yield operation, checker
    elif protocol in ("rest-json", "rest-xml"):
        for operation, match, literal in rest_candidates(model, request):
            checker = Checker()
            checker.literal = literal
            check_rest(model, operation, request, checker, match)
            yield operation, checker


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("traffic", nargs="+", help="JSONL files written by awsproxy.py --record")
    parser.add_argument("--verbose", action="store_true", help="print every request's operation")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON on the last line")
    args = parser.parse_args()
    models = Models()
    counts = {}
    findings = 0
    total = 0
    for path in args.traffic:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                total += 1
                request = Request(json.loads(line), number)
                service, operation, problems = identify_and_check(models, request)
                label = f"{service}:{operation}" if service else "unidentified"
                counts[label] = counts.get(label, 0) + 1
                if args.verbose:
                    print(f"{path}{request.describe()} -> {label}")
                for problem in problems:
                    findings += 1
                    print(f"FINDING {path}{request.describe()} [{label}] {problem}")
    print(f"validated {total} requests, {sum(counts.values())} operations ({len(counts)} distinct), "
          f"{findings} findings")
    for label, count in sorted(counts.items()):
        print(f"  {label}: {count}")
    if args.json:
        print(json.dumps({"requests": total, "distinct_operations": len(counts), "findings": findings,
                          "operations": counts}))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
