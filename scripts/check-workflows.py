#!/usr/bin/env python3
"""Checks GitHub Actions workflows: actionlint, zizmor (offline, default persona) and `bash -n` on every `run:`.

Usage: check-workflows.py [FILE...]   (default: every .yml/.yaml under templates/ci/)
Prints every finding and exits 1 if there is any (or a checker is missing), 0 when all are clean.
A `run:` step is checked with the shell GitHub uses for it (bash unless `shell:` names another), after its
`${{ … }}` expressions are replaced by a plain word, as the runner substitutes them before the shell sees them.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_steps(workflow):
    """(job, step name, shell, script) for each run step of the workflow."""
    defaults = ((workflow.get("defaults") or {}).get("run") or {}).get("shell", "bash")
    for job_name, job in (workflow.get("jobs") or {}).items():
        job_shell = ((job.get("defaults") or {}).get("run") or {}).get("shell", defaults)
        for index, step in enumerate(job.get("steps") or []):
            if "run" in step:
                yield job_name, step.get("name", f"step {index + 1}"), step.get("shell", job_shell), step["run"]


def shell_findings(path):
    with open(path) as handle:
        workflow = yaml.safe_load(handle)
    findings = []
    for job, name, shell, script in run_steps(workflow):
        if not shell.startswith("bash"):
            findings.append(f"{path}: {job} / {name}: shell '{shell}' is not checked (only bash is)")
            continue
        text = re.sub(r"\$\{\{.*?\}\}", "EXPR", script, flags=re.S)
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as handle:
            handle.write(text)
        try:
            checked = subprocess.run(["bash", "-n", handle.name], capture_output=True, text=True)
        finally:
            os.unlink(handle.name)
        if checked.returncode != 0:
            message = checked.stderr.replace(handle.name, "run").strip()
            findings.append(f"{path}: {job} / {name}: bash -n: {message}")
    return findings


def tool_findings(tool, arguments, path):
    executable = shutil.which(tool)
    if executable is None:
        return [f"{tool} is not installed (pip install -r scripts/requirements-test.txt)"]
    result = subprocess.run([executable] + arguments + [path], capture_output=True, text=True)
    if result.returncode == 0:
        return []
    return [f"{path}: {tool} (exit {result.returncode}):\n{result.stdout}{result.stderr}".rstrip()]


def main():
    paths = sys.argv[1:] or sorted(
        glob.glob(os.path.join(ROOT, "templates/ci/*.yml")) + glob.glob(os.path.join(ROOT, "templates/ci/*.yaml")))
    if not paths:
        print("check-workflows: no workflow found", file=sys.stderr)
        return 1
    findings = []
    for path in paths:
        findings += tool_findings("actionlint", ["-no-color"], path)
        findings += tool_findings("zizmor", ["--offline", "--no-progress", "--format", "plain"], path)
        findings += shell_findings(path)
    for finding in findings:
        print(finding)
    print(f"check-workflows: {len(paths)} workflow(s), {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
