#!/usr/bin/env python3
"""Names the tests that started and never ended in a `swift test` log (Swift Testing's output).

Usage: scripts/unfinished_tests.py LOG   (scripts/test.sh runs it when `swift test` fails or runs out of time)

Why: when the run is cut off, the last lines of the log show whatever finished last, not what hung; this names
what was still running, with the log line where each one started.
"""
import re
import sys

# `◇ Test "name" started.`, then `✔ Test "name" passed after…`, `✘ … failed after…`, `➜ … skipped…`, with
# ` with N test cases` before the verb for a parameterized test; `Test case …` lines and the run's own are not tests.
STARTED = re.compile(r'^\S+ Test (?!case |run )(.+?) started\.$')
ENDED = re.compile(r'^\S+ Test (?!case |run )(.+?)(?: with \d+ test cases?)? (?:passed after|failed after|skipped(?::|\.$))')


def unfinished(lines):
    running = {}
    for number, line in enumerate(lines):
        line = line.rstrip("\n")
        started = STARTED.match(line)
        if started:
            running[started.group(1)] = number
            continue
        ended = ENDED.match(line)
        if ended:
            running.pop(ended.group(1), None)
    return running


def main():
    with open(sys.argv[1], encoding="utf-8", errors="replace") as handle:
        lines = handle.readlines()
    running = unfinished(lines)
    if not running:
        print("unfinished tests: none (every test that started ended)")
        return
    print(f"unfinished tests: {len(running)} started and never ended:")
    for name, number in sorted(running.items(), key=lambda item: item[1]):
        print(f"  {name}  (started at log line {number + 1} of {len(lines)})")


if __name__ == "__main__":
    main()
