#!/usr/bin/env python3
"""moto_server with the fixes of moto's own bugs that no request can work around, for the test bed.

Each fix below names the bug and what AWS does instead; the bed's tests judge hoist by AWS's behaviour, so a moto
bug that would make correct hoist code look wrong is fixed here, in the harness, never in what hoist sends.
Arguments are moto_server's (`-H 127.0.0.1 -p PORT`).
"""
import sys

from moto.awslambda import models as lambda_models
from moto.awslambda import policy as lambda_policy
from moto.iam import access_control

_HIGHEST_VERSION = {}


def _publish_version_never_reusing_numbers(original):
    """Lambda numbers a function's versions 1, 2, 3… and never gives a number twice, even after the version that
    had it was deleted. moto numbers a new version len(versions) + 1, so after DeleteFunction of version 1 of
    [1, 2], the next PublishVersion is 2 again and takes over version 2's ARN. Renumber what moto published to
    one past the highest number the function ever had."""

    def publish_version(self, name_or_arn, description=""):
        function = self.get_function_by_name_or_arn_forbid_qualifier(name_or_arn)
        name = function.function_name
        before = list(self._functions.get(name, {}).get("versions", []))
        published = original(self, name_or_arn, description)
        versions = self._functions.get(name, {}).get("versions", [])
        if published is None or len(versions) == len(before):
            return published
        key = function.function_arn
        highest = max([int(v.version) for v in before] + [_HIGHEST_VERSION.get(key, 0)])
        clobbered = next((v for v in before if str(v.version) == str(published.version)), None)
        old_arn = published.function_arn
        published.set_version(highest + 1)
        _HIGHEST_VERSION[key] = highest + 1
        if clobbered is not None:
            self._arns[old_arn] = clobbered
        else:
            self._arns.pop(old_arn, None)
        self._arns[published.function_arn] = published
        return published

    return publish_version


lambda_models.LambdaStorage.publish_version = _publish_version_never_reusing_numbers(
    lambda_models.LambdaStorage.publish_version)


def _function_url_conditions(original):
    """AddPermission's FunctionUrlAuthType and InvokedViaFunctionUrl become conditions of the statement on AWS:
    `"Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}` and
    `"Condition": {"Bool": {"lambda:InvokedViaFunctionUrl": "true"}}` (GetPolicy shows them so). moto copies both
    members into the statement as they came, where no policy reader (and no IAM evaluation) looks for them."""

    def condition_merge(self, obj):
        original(self, obj)
        moved = {}
        if "FunctionUrlAuthType" in obj:
            moved["StringEquals"] = {"lambda:FunctionUrlAuthType": obj.pop("FunctionUrlAuthType")}
        if "InvokedViaFunctionUrl" in obj:
            flag = obj.pop("InvokedViaFunctionUrl")
            moved["Bool"] = {"lambda:InvokedViaFunctionUrl": "true" if flag in (True, "true") else "false"}
        for operator, keys in moved.items():
            obj.setdefault("Condition", {}).setdefault(operator, {}).update(keys)

    return condition_merge


lambda_policy.Policy.condition_merge = _function_url_conditions(lambda_policy.Policy.condition_merge)


def _function_url_update_replacing_cors(original):
    """UpdateFunctionUrlConfig sets what it is sent: `"Cors": {}` removes the URL's CORS settings on AWS, and
    InvokeMode changes the mode. moto keeps the old CORS unless the new ones are non-empty, and ignores
    InvokeMode."""

    def update(self, new_config):
        original(self, new_config)
        if "Cors" in new_config:
            self.config["Cors"] = new_config["Cors"]
        if new_config.get("InvokeMode"):
            self.config["InvokeMode"] = new_config["InvokeMode"]

    return update


lambda_models.FunctionUrlConfig.update = _function_url_update_replacing_cors(lambda_models.FunctionUrlConfig.update)


def _code_update_taking_architectures(original):
    """UpdateFunctionCode's `Architectures` moves the function to that instruction set with its new code (the way
    Lambda changes a function's architecture in place; GetFunction then answers it). moto ignores the member and
    keeps the architecture the function was created with."""

    def update_function_code(self, updated_spec):
        answer = original(self, updated_spec)
        if updated_spec.get("Architectures"):
            self.architectures = list(updated_spec["Architectures"])
            answer = self.get_configuration()
        return answer

    return update_function_code


lambda_models.LambdaFunction.update_function_code = _code_update_taking_architectures(
    lambda_models.LambdaFunction.update_function_code)


def _mapping_keeping_the_alias(original):
    """An event source mapping created on an alias (FunctionName `fn:live` or the alias's ARN) invokes the alias:
    Lambda answers and lists it with FunctionArn `…:function:fn:live`, and the alias's later moves change which
    version gets the messages. moto resolves the alias once, at creation, and answers the version's ARN
    (`…:function:fn:1`). Keep the qualifier that was asked for (a version number stays a version)."""

    def create_event_source_mapping(self, spec):
        name = spec.get("FunctionName", "")
        mapping = original(self, spec)
        parts = name.split(":")
        qualifier = parts[7] if name.startswith("arn:") and len(parts) == 8 else (
            parts[1] if not name.startswith("arn:") and len(parts) == 2 else None)
        if qualifier and not qualifier.isdigit() and qualifier != "$LATEST":
            arn_parts = mapping.function_arn.split(":")
            mapping.function_arn = ":".join(arn_parts[:7] + [qualifier])
        return mapping

    return create_event_source_mapping


lambda_models.LambdaBackend.create_event_source_mapping = _mapping_keeping_the_alias(
    lambda_models.LambdaBackend.create_event_source_mapping)


def _signature_over_the_encoded_query(original):
    """SigV4 signs the canonical query: every name and value URI-encoded (`FunctionName=fn%3Alive`), as the client
    sent it. moto's server hands the signature check a query its web server already decoded (`fn:live`), which
    botocore's signer then uses as it is, so a valid request whose query holds a colon (ListEventSourceMappings by
    alias or queue ARN) is refused with a signature mismatch. Re-encode the query as AWS canonicalizes it."""
    import urllib.parse

    def create_aws_request(self):
        request = original(self)
        path, mark, query = request.url.partition("?")
        if mark and query:
            pairs = []
            for pair in query.split("&"):
                key, equals, value = pair.partition("=")
                encode = lambda text: urllib.parse.quote(urllib.parse.unquote(text), safe="-_.~")
                pairs.append(encode(key) + equals + encode(value))
            request.url = path + "?" + "&".join(pairs)
        return request

    return create_aws_request


access_control.IAMRequestBase._create_aws_request = _signature_over_the_encoded_query(
    access_control.IAMRequestBase._create_aws_request)

if __name__ == "__main__":
    from moto.server import main

    sys.exit(main(sys.argv[1:]))
