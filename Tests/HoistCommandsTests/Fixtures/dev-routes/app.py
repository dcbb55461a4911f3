"""Each function answers which function it is and what API Gateway told it about the route."""
import json
import os


def answer(name, event):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps({
        "function": name, "lambda": os.environ["AWS_LAMBDA_FUNCTION_NAME"], "routeKey": event["routeKey"],
        "pathParameters": event.get("pathParameters"), "table": os.environ.get("USERS_TABLE"),
        "pid": os.getpid()})}


def movies(event, context):
    return answer("movies", event)


def users(event, context):
    return answer("users", event)
