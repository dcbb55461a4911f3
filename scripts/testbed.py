#!/usr/bin/env python3
"""The local AWS test bed: moto_server on a free loopback port with SigV4 auth enforced.

`testbed.py start` starts it, bootstraps an admin user (the three unauthenticated calls moto allows:
CreateUser, CreateAccessKey, PutUserPolicy with Action * / Resource *) and writes .hoist-test/moto.json
with the endpoint, the admin's keys and the server's pid. `testbed.py stop` stops it.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE_DIR = os.path.join(ROOT, ".hoist-test")
STATE = os.path.join(STATE_DIR, "moto.json")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(endpoint, deadline):
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(endpoint + "/moto-api/", timeout=1) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            time.sleep(0.1)
    return False


def bootstrap_admin(endpoint, region):
    import boto3

    iam = boto3.client(
        "iam", endpoint_url=endpoint, region_name=region,
        aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap",
    )
    iam.create_user(UserName="hoist-admin")
    key = iam.create_access_key(UserName="hoist-admin")["AccessKey"]
    iam.put_user_policy(
        UserName="hoist-admin", PolicyName="admin",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
    )
    return key


def start():
    stop(quiet=True)
    os.makedirs(STATE_DIR, exist_ok=True)
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="3", MOTO_CALL_RESET_API="true")
    log = open(os.path.join(STATE_DIR, "moto.log"), "w")
    process = subprocess.Popen(
        # moto_server with the fixes of moto's bugs that no request can work around (scripts/motoserver.py).
        [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "motoserver.py"), "-H",
         "127.0.0.1", "-p", str(port)], env=env, stdout=log, stderr=log,
        start_new_session=True,
    )
    if not wait_ready(endpoint, time.time() + 60):
        process.kill()
        sys.exit("testbed: moto_server did not answer within 60 s; see .hoist-test/moto.log")
    region = "us-east-1"
    key = bootstrap_admin(endpoint, region)
    state = {
        "endpoint": endpoint, "region": region, "pid": process.pid,
        "accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"],
        "adminArn": f"arn:aws:iam::123456789012:user/hoist-admin",
    }
    with open(STATE, "w") as handle:
        json.dump(state, handle)
    os.chmod(STATE, 0o600)
    print(f"testbed: moto_server on {endpoint} (pid {process.pid}), auth enforced")


def stop(quiet=False):
    try:
        with open(STATE) as handle:
            pid = json.load(handle)["pid"]
    except (OSError, ValueError, KeyError):
        return
    try:
        os.killpg(pid, signal.SIGTERM)
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.remove(STATE)
    except FileNotFoundError:
        pass  # another stop (a trap, a second shell) got there first: the server is stopped all the same
    if not quiet:
        print("testbed: moto_server stopped")


if __name__ == "__main__":
    {"start": start, "stop": stop}[sys.argv[1] if len(sys.argv) > 1 else "start"]()
