#!/usr/bin/env python3
"""Load driver for `hoist dev`: N sequential requests on one keep-alive connection, then M requests from a
bounded pool of concurrent keep-alive connections. Prints errors, p50 and p99 (client-side, loopback).

usage: load.py --url http://127.0.0.1:3000 [--path /health] [--sequential 1000] [--concurrent 200]
               [--concurrency 16] [--header 'authorization: Bearer …'] [--json]
A response is an error when it is not 2xx/3xx/4xx or the connection fails (a 4xx is the API answering).
"""
import argparse
import http.client
import json
import threading
import time
import urllib.parse


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * p // 100)))
    return ordered[int(rank) - 1]


class Worker:
    def __init__(self, host, port, path, headers):
        self.host, self.port, self.path, self.headers = host, port, path, headers
        self.connection = None

    def request(self):
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.connection.request("GET", self.path, headers=self.headers)
            answer = self.connection.getresponse()
            answer.read()
            ok = answer.status < 500
        except (OSError, http.client.HTTPException):
            self.connection = None
            ok = False
        return (time.perf_counter() - started) * 1000, ok


def run(url, path, sequential, concurrent, concurrency, headers):
    parts = urllib.parse.urlsplit(url)
    results = {}
    worker = Worker(parts.hostname, parts.port, path, headers)
    durations, errors = [], 0
    for _ in range(sequential):
        elapsed, ok = worker.request()
        durations.append(elapsed)
        errors += 0 if ok else 1
    results["sequential"] = summary(durations, errors)

    lock = threading.Lock()
    remaining = [concurrent]
    durations, errors = [], [0]

    def loop():
        mine = Worker(parts.hostname, parts.port, path, headers)
        while True:
            with lock:
                if remaining[0] == 0:
                    return
                remaining[0] -= 1
            elapsed, ok = mine.request()
            with lock:
                durations.append(elapsed)
                errors[0] += 0 if ok else 1

    threads = [threading.Thread(target=loop) for _ in range(min(concurrency, concurrent))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results["concurrent"] = summary(durations, errors[0])
    results["concurrent"]["concurrency"] = min(concurrency, concurrent)
    results["concurrent"]["seconds"] = round(time.perf_counter() - started, 3)
    return results


def summary(durations, errors):
    return {"requests": len(durations), "errors": errors,
            "p50_ms": round(percentile(durations, 50) or 0, 2), "p99_ms": round(percentile(durations, 99) or 0, 2)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--path", default="/health")
    parser.add_argument("--sequential", type=int, default=1000)
    parser.add_argument("--concurrent", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    headers = dict(h.split(": ", 1) for h in args.header)
    results = run(args.url, args.path, args.sequential, args.concurrent, args.concurrency, headers)
    if args.json:
        print(json.dumps(results, sort_keys=True))
        return
    for name, result in results.items():
        extra = f", {result['concurrency']} at a time" if name == "concurrent" else ""
        print(f"{name}: GET {args.path} × {result['requests']}{extra}: {result['errors']} errors, "
              f"p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms")


if __name__ == "__main__":
    main()
