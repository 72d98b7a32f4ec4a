#!/usr/bin/env python3
"""Runs schemathesis against a running `herald serve`'s own OpenAPI document and reports what it found.

    python3 schemathesis_check.py BASE_URL TOKEN [MAX_EXAMPLES]

Every operation is exercised with examples, boundary values (coverage) and random inputs (fuzzing),
valid and invalid, with an admin token. A run fails on a 5xx, a status code the document does not
list, a content type it does not name, a body or header that does not match its schema, a request
that breaks the schema but is accepted, or an unsupported method not answered 405 with Allow.
The one operation left out is revoking a token: it would revoke the token the run works with.

Prints one JSON object: the counts from schemathesis's report (operations, test cases, failures by
code with their operations) and `output`, the tail of schemathesis's own text when it failed.
Exits 0 when there was nothing, 1 when there were failures, 2 when schemathesis is missing.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

CHECKS = ",".join([
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
    "response_headers_conformance", "negative_data_rejection", "unsupported_method", "allow_header_conformance",
])


def main():
    base, token = sys.argv[1], sys.argv[2]
    examples = sys.argv[3] if len(sys.argv) > 3 else "10"
    try:
        import schemathesis  # noqa: F401
    except ImportError:
        print(json.dumps({"missing": "schemathesis is not installed: python3 -m pip install schemathesis==4.32.5"}))
        return 2
    with tempfile.TemporaryDirectory() as reports:
        command = [
            sys.executable, "-c", "import sys; from schemathesis.cli import schemathesis; sys.exit(schemathesis())",
            "run", base + "/openapi.json", "--url", base, "-H", f"Authorization: Bearer {token}",
            "--exclude-operation-id", "revokeToken", "--checks", CHECKS, "--phases", "examples,coverage,fuzzing",
            "--max-examples", examples, "--seed", "1", "--workers", "1", "--generation-database", "none",
            "--request-timeout", "10", "--no-color", "--output-truncate", "false",
            "--report", "json", "--report-dir", reports,
        ]
        # One worker: CPython 3.11's ast.parse, which Hypothesis calls to describe its filters, is not
        # safe in threads ("AST constructor recursion depth mismatch" stopped a run with two).
        # Bounded by --max-examples (--max-time would make fuzzing repeat until it is spent) and this timeout.
        # Run inside the temporary directory: schemathesis keeps a .schemathesis folder where it runs.
        run = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=reports, env={**os.environ, "NO_COLOR": "1"})
        found = glob.glob(os.path.join(reports, "*.json"))
        if not found:
            print(json.dumps({"error": "schemathesis wrote no report", "output": (run.stdout + run.stderr)[-20000:]}))
            return 1
        with open(found[0]) as file:
            report = json.load(file)
    # A run that could not load the document has no counts, only errors.
    summary = {
        "schemathesis": report.get("schemathesis_version"),
        "operations": (report.get("operations") or {}).get("tested", 0),
        "test_cases": (report.get("test_cases") or {}).get("generated", 0),
        "failures": [{"code": f["code"], "title": f["title"], "operations": f["operations"]} for f in report.get("failures") or []],
        "errors": report.get("errors") or [],
        "seconds": round(report.get("running_time") or 0, 1),
    }
    failed = bool(summary["failures"] or summary["errors"]) or run.returncode != 0
    if failed:
        summary["output"] = run.stdout[-20000:] + run.stderr[-4000:]
    print(json.dumps(summary, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
