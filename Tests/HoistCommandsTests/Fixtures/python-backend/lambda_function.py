"""A tiny HTTP API handler (payload 2.0): signs and checks a JWT, hashes a password with passlib's bcrypt."""
import json
import os

import jwt
from passlib.hash import bcrypt

SECRET = os.environ.get("JWT_SECRET", "fixture-secret")


def lambda_handler(event, context):
    path = event.get("rawPath", "/")
    if path == "/health":
        return {"statusCode": 200, "body": json.dumps({"ok": True})}
    body = json.loads(event.get("body") or "{}")
    if path == "/login":
        token = jwt.encode({"sub": body.get("username", "")}, SECRET, algorithm="HS256")
        password_hash = bcrypt.using(rounds=4).hash(body.get("password", ""))
        return {"statusCode": 200, "body": json.dumps({"token": token, "hash": password_hash})}
    return {"statusCode": 404, "body": json.dumps({"error": {"code": "NotFound", "message": path}})}
