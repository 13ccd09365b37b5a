#!/usr/bin/env python3
"""Validates a document against the IPTC schema of its standard and prints what failed.

  validate_standard.py ninjs FILE    ninjs 2.2, with jsonschema (Draft 2020-12)
  validate_standard.py newsml FILE   NewsML-G2 2.35, with xmllint --schema

Prints one JSON object: {"valid": true} or {"valid": false, "errors": [...]}. Exits 0 when
it could validate, whatever the verdict; 2 when a tool is missing.
"""
import json
import os
import subprocess
import sys

STANDARDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "standards")


def ninjs(path):
    from jsonschema import Draft202012Validator
    with open(os.path.join(STANDARDS, "ninjs", "ninjs-schema_2.2.json"), encoding="utf-8") as handle:
        schema = json.load(handle)
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)]


def newsml(path):
    schema = os.path.join(STANDARDS, "newsml-g2", "NewsML-G2_2.35-spec-All-Power.xsd")
    # --nonet: a document or schema that names anything remote fails instead of fetching it.
    run = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", schema, path], capture_output=True, text=True)
    return [] if run.returncode == 0 else [line for line in run.stderr.splitlines() if "validates" not in line]


if __name__ == "__main__":
    kind, file = sys.argv[1], sys.argv[2]
    try:
        errors = {"ninjs": ninjs, "newsml": newsml}[kind](file)
    except (ImportError, FileNotFoundError) as missing:
        print(json.dumps({"valid": False, "errors": [f"cannot validate: {missing}"]}))
        sys.exit(2)
    print(json.dumps({"valid": not errors, "errors": errors}, ensure_ascii=False))
