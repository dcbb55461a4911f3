import hoistglibc


def lambda_handler(event, context):
    return {"statusCode": 200, "body": hoistglibc.__name__}
