"""Lambda Invoke as AWS documents it, for scripts/awsproxy.py --emulate-invoke (moto runs no function without
Docker).

What it checks, as Lambda does, before anything runs:
- the SigV4 signature: recomputed with botocore over exactly the headers the request signed, with the secret of
  the key in KEYFILE (the test bed's admin key, the only secret the proxy knows: any other key id is answered
  UnrecognizedClientException), the credential scope's service (lambda), X-Amz-Date within 15 minutes, and
  x-amz-content-sha256 equal to the body's hash;
- the parameters: InvocationType (RequestResponse, Event, DryRun), LogType (None, Tail), a qualifier in the
  name that contradicts ?Qualifier=, the 6 MB synchronous payload limit (413), a body that is not JSON (400);
- that the function and the qualifier exist: moto's GetFunction?Qualifier= (which resolves an alias; none for
  $LATEST, which moto's signature check mishandles as %24LATEST in a query), signed with
  KEYFILE's key and x-amz-content-sha256 (moto misjudges bodyless GETs without it, see MOTO_RULES); a missing one
  is moto's own 404 ResourceNotFoundException message ("Function not found: arn:...:function:NAME:QUALIFIER"),
  answered with x-amzn-RequestId and x-amzn-ErrorType as Lambda does. For an alias, moto's GetAlias gives the
  version and the routing weights; the executed version is drawn by those weights.

The emulated function: returns {"echo": EVENT}; an event {"fail": "SomeType"} (and optionally "message") is an
unhandled function error: status 200, X-Amz-Function-Error: Unhandled, payload {"errorType", "errorMessage",
"stackTrace"}. It logs START, one INFO line with the event, an ERROR line when it fails, END and REPORT (with the
function's MemorySize from moto); LogType=Tail returns the last 4 KB of that log base64-encoded in
X-Amz-Log-Result, cut as Lambda cuts it (bytes, not lines). X-Amz-Executed-Version is the version that ran.
Event invocations answer 202 with no body, DryRun 204, after the same checks.
"""
import base64
import datetime
import hashlib
import http.client
import json
import re
import urllib.parse
import uuid

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials

INVOKE_PATH = re.compile(r"^/2015-03-31/functions/([^/]+)/invocations$")
SYNC_PAYLOAD_LIMIT = 6 * 1024 * 1024  # Lambda's synchronous request limit, 6,291,456 bytes
LOG_TAIL_BYTES = 4096
MAX_SKEW = datetime.timedelta(minutes=15)
AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, ?"
    r"SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$")


class LambdaError(Exception):
    """An error answer in Lambda's form: status, x-amzn-ErrorType, {"Type": "User", "message": ...}."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def is_invoke(method, path):
    return method == "POST" and INVOKE_PATH.match(urllib.parse.urlsplit(path).path) is not None


def header(headers, name):
    return next((v for k, v in headers.items() if k.lower() == name), None)


class _Verifier(SigV4Auth):
    """botocore's SigV4 over exactly the headers the request names in SignedHeaders (botocore would otherwise
    leave out some it never signs itself, such as User-Agent)."""

    def __init__(self, credentials, region, signed):
        super().__init__(credentials, "lambda", region)
        self.signed = set(signed)

    def headers_to_sign(self, request):
        header_map = HTTPHeaders()
        for name, value in request.headers.items():
            if name.lower() in self.signed:
                header_map[name.lower()] = value
        return header_map


def verify_signature(method, path, headers, body, keys, now):
    """Raises LambdaError unless the request is signed, for lambda, recently, with KEYFILE's key."""
    authorization = header(headers, "authorization")
    if authorization is None:
        raise LambdaError(403, "MissingAuthenticationTokenException", "Missing Authentication Token")
    match = AUTHORIZATION.match(authorization)
    if match is None:
        raise LambdaError(403, "IncompleteSignatureException", f"Authorization header is malformed: {authorization}")
    key_id, day, region, service, signed, signature = match.groups()
    if service != "lambda":
        raise LambdaError(403, "InvalidSignatureException",
                          "Credential should be scoped to correct service: 'lambda'.")
    if key_id != keys["accessKeyId"]:
        raise LambdaError(403, "UnrecognizedClientException",
                          "The security token included in the request is invalid. (The emulated Invoke knows only "
                          "the key of --emulate-invoke's KEYFILE.)")
    amz_date = header(headers, "x-amz-date") or ""
    try:
        stamp = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise LambdaError(403, "IncompleteSignatureException", "X-Amz-Date is missing or malformed") from None
    if abs(now - stamp) > MAX_SKEW or day != amz_date[:8]:
        raise LambdaError(403, "InvalidSignatureException", f"Signature expired: {amz_date} is now earlier or "
                          f"later than 15 minutes from {now.strftime('%Y%m%dT%H%M%SZ')}")
    names = signed.split(";")
    if "host" not in names or "x-amz-date" not in names:
        raise LambdaError(403, "InvalidSignatureException", "Host and X-Amz-Date must be signed")
    declared = header(headers, "x-amz-content-sha256")
    if declared is not None and declared != hashlib.sha256(body).hexdigest():
        raise LambdaError(400, "InvalidSignatureException", "x-amz-content-sha256 does not match the body")
    raw_path, _, query = path.partition("?")
    request = AWSRequest(method=method, url="http://" + (header(headers, "host") or "") + raw_path, data=body,
                         headers={k: v for k, v in headers.items() if k.lower() in names})
    request.params = urllib.parse.parse_qsl(query, keep_blank_values=True)
    request.context["timestamp"] = amz_date
    verifier = _Verifier(Credentials(keys["accessKeyId"], keys["secretAccessKey"]), region, names)
    canonical = verifier.canonical_request(request)
    if verifier.signature(verifier.string_to_sign(request, canonical), request) != signature:
        raise LambdaError(403, "InvalidSignatureException",
                          "The request signature we calculated does not match the signature you provided. Check "
                          "your AWS Secret Access Key and signing method. Consult the service documentation for "
                          "details.")
    return region


def target_of(path):
    """(function name, qualifier) from the path segment and ?Qualifier= (name, ARN, partial ARN, name:qualifier)."""
    raw_path, _, query = path.partition("?")
    segment = urllib.parse.unquote(INVOKE_PATH.match(raw_path).group(1))
    given = dict(urllib.parse.parse_qsl(query, keep_blank_values=True)).get("Qualifier")
    parts = segment.split(":")
    if parts[0] == "arn":
        name, in_name = parts[6] if len(parts) > 6 else "", parts[7] if len(parts) > 7 else None
    elif len(parts) >= 3 and parts[1] == "function":  # ACCOUNT:function:NAME[:QUALIFIER]
        name, in_name = parts[2], parts[3] if len(parts) > 3 else None
    else:
        name, in_name = parts[0], parts[1] if len(parts) > 1 else None
    if in_name is not None and given is not None and in_name != given:
        raise LambdaError(400, "InvalidParameterValueException",
                          "The derived qualifier from the function name does not match the specified qualifier.")
    return name, in_name if in_name is not None else given


class Moto:
    """Signed reads from moto with KEYFILE's key (x-amz-content-sha256 included: moto needs it on bodyless GETs)."""

    def __init__(self, upstream, keys, region):
        self.upstream, self.keys, self.region = upstream, keys, region

    def get(self, path):
        upstream = urllib.parse.urlsplit(self.upstream)
        raw_path, _, query = path.partition("?")
        request = AWSRequest(method="GET", url=self.upstream + raw_path, data=b"", headers={"Host": upstream.netloc})
        request.params = urllib.parse.parse_qsl(query, keep_blank_values=True)  # signed as sent, not re-quoted
        request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(b"").hexdigest()
        SigV4Auth(Credentials(self.keys["accessKeyId"], self.keys["secretAccessKey"]), "lambda",
                  self.region).add_auth(request)
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=30)
        try:
            connection.request("GET", path, headers=dict(request.headers.items()))
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        try:
            document = json.loads(data or b"{}")
        except ValueError:
            document = {}
        if answer.status == 404:
            raise LambdaError(404, "ResourceNotFoundException", document.get("message") or "Function not found")
        if not 200 <= answer.status < 300:
            raise LambdaError(500, "ServiceException", f"the emulation could not read the function from moto "
                              f"(GET {path}: HTTP {answer.status}: {data[:200]!r})")
        return document


def executed_version(moto, name, qualifier, resolved, random):
    """The version that runs: $LATEST, the number given, or the alias's version drawn by its routing weights."""
    if qualifier is None or qualifier == "$LATEST" or qualifier.isdigit():
        return qualifier or "$LATEST"
    quoted = urllib.parse.quote(name, safe="")
    alias = moto.get(f"/2015-03-31/functions/{quoted}/aliases/{urllib.parse.quote(qualifier, safe='')}")
    weights = ((alias.get("RoutingConfig") or {}).get("AdditionalVersionWeights") or {})
    roll = random.random()
    for version, weight in sorted(weights.items()):
        if roll < weight:
            return version
        roll -= weight
    return alias.get("FunctionVersion") or resolved


def run_function(event, request_id, version, memory):
    """The emulated function: (payload, function error or None, log text)."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    lines = [f"START RequestId: {request_id} Version: {version}",
             f"{now}\t{request_id}\tINFO\tevent: {json.dumps(event, separators=(',', ':'))}"]
    error = None
    if isinstance(event, dict) and isinstance(event.get("fail"), str):
        payload = {"errorType": event["fail"], "errorMessage": str(event.get("message", f"emulated {event['fail']}")),
                   "stackTrace": ["emulated by scripts/lambda_invoke_emulation.py"]}
        error = "Unhandled"
        lines.append(f"{now}\t{request_id}\tERROR\tInvoke Error \t{json.dumps(payload, separators=(',', ':'))}")
    else:
        payload = {"echo": event}
    lines += [f"END RequestId: {request_id}",
              f"REPORT RequestId: {request_id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: {memory} MB\t"
              f"Max Memory Used: 20 MB\t"]
    return json.dumps(payload).encode(), error, "\n".join(lines) + "\n"


def answer(method, path, headers, body, keys, upstream, random, now=None):
    """Lambda's answer to an Invoke request: (status, headers, body)."""
    request_id = str(uuid.uuid4())
    try:
        now = now or datetime.datetime.now(datetime.timezone.utc)
        region = verify_signature(method, path, headers, body, keys, now)
        name, qualifier = target_of(path)
        invocation_type = header(headers, "x-amz-invocation-type") or "RequestResponse"
        log_type = header(headers, "x-amz-log-type") or "None"
        if invocation_type not in ("RequestResponse", "Event", "DryRun") or log_type not in ("None", "Tail"):
            raise LambdaError(400, "InvalidParameterValueException",
                              f"invalid InvocationType {invocation_type!r} or LogType {log_type!r}")
        if len(body) > SYNC_PAYLOAD_LIMIT:
            raise LambdaError(413, "RequestTooLargeException",
                              f"Request must be smaller than {SYNC_PAYLOAD_LIMIT} bytes for the InvokeFunction "
                              "operation")
        try:
            event = json.loads(body) if body else {}
        except ValueError as error:
            raise LambdaError(400, "InvalidRequestContentException",
                              f"Could not parse request body into json: {error}") from None
        moto = Moto(upstream, keys, region)
        # $LATEST is the unqualified function; moto never verifies a signed ?Qualifier=%24LATEST (it signs '$').
        query = f"?Qualifier={urllib.parse.quote(qualifier, safe='')}" if qualifier not in (None, "$LATEST") else ""
        function = moto.get(f"/2015-03-31/functions/{urllib.parse.quote(name, safe='')}{query}")
        configuration = function.get("Configuration") or {}
        version = executed_version(moto, name, qualifier, configuration.get("Version") or "$LATEST", random)
    except LambdaError as error:
        return error.status, {"Content-Type": "application/json", "x-amzn-RequestId": request_id,
                              "x-amzn-ErrorType": error.code}, json.dumps(
            {"Type": "User", "message": error.message}).encode()
    if invocation_type != "RequestResponse":
        return (202 if invocation_type == "Event" else 204), {"x-amzn-RequestId": request_id}, b""
    payload, function_error, log = run_function(event, request_id, version, configuration.get("MemorySize", 128))
    out = {"Content-Type": "application/json", "x-amzn-RequestId": request_id, "X-Amz-Executed-Version": version}
    if function_error:
        out["X-Amz-Function-Error"] = function_error
    if log_type == "Tail":
        out["X-Amz-Log-Result"] = base64.b64encode(log.encode()[-LOG_TAIL_BYTES:]).decode("ascii")
    return 200, out, payload
