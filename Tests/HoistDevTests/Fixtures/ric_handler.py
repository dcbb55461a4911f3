"""Handlers run by AWS's own Runtime Interface Client (`python3 -m awslambdaric ric_handler.NAME`)."""
import json


def echo(event, context):
    return {
        "statusCode": 201,
        "headers": {"content-type": "application/json"},
        "cookies": ["ric=1"],
        "body": json.dumps({
            "rawPath": event["rawPath"], "method": event["requestContext"]["http"]["method"],
            "query": event.get("queryStringParameters"), "body": event.get("body"),
            "requestId": context.aws_request_id, "functionArn": context.invoked_function_arn,
            "remainingMs": context.get_remaining_time_in_millis(),
        }),
    }


def plain(event, context):
    return {"message": "no statusCode", "path": event["rawPath"]}


def fail(event, context):
    raise ValueError("the handler failed on purpose")
