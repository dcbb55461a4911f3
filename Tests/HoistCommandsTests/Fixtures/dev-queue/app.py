"""The api sends its request body to the worker's queue; the worker writes each job to the jobs table.

A job {"fail": "report"} is reported in batchItemFailures (the others of its batch succeed); {"fail": "raise"}
raises, failing the whole batch.
"""
import json
import os

import boto3

# Made at init, as a Lambda function would, so an invocation only sends.
jobs = boto3.resource("dynamodb").Table(os.environ["JOBS_TABLE"]) if "JOBS_TABLE" in os.environ else None
sqs = boto3.client("sqs")


def api(event, context):
    sent = sqs.send_message(QueueUrl=os.environ["WORKER_QUEUE_URL"], MessageBody=event.get("body") or "{}")
    return {"statusCode": 202, "body": json.dumps({"messageId": sent["MessageId"],
                                                   "queueUrl": os.environ["WORKER_QUEUE_URL"]})}


def worker(event, context):
    failures = []
    for record in event["Records"]:
        job = json.loads(record["body"])
        if job.get("fail") == "raise":
            raise RuntimeError(f"job {job['id']} asked to fail")
        if job.get("fail") == "report":
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        jobs.put_item(Item={"id": job["id"], "receives": record["attributes"]["ApproximateReceiveCount"],
                            "source": record["eventSource"], "queue": record["eventSourceARN"],
                            "region": record["awsRegion"], "md5": record["md5OfBody"]})
    return {"batchItemFailures": failures}
