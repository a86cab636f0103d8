#!/usr/bin/env python3
"""Validate every published example with Python's jsonschema, independently of the Rust crate.

The expected outcome of each example is the one tests/schema_examples.rs checks on the Rust
side; if the two disagree, the schema is wrong. Run from the repository root:

    python3 -m pip install jsonschema==4.26.0
    python3 scripts/validate_examples.py

A document goes through two steps, as a conforming reader does it:

1. Reading rules (docs: schemas/README.md): valid UTF-8, one JSON value and nothing after
   it, no object with a repeated key, nesting at most 64 deep, size within the reader's
   limit. JSON Schema cannot express these; this script applies them itself.
2. The schema: Draft202012Validator with its format checker, against record.schema.json
   (any record) and, when record_type names one, the schema of that record type (the two
   must agree).

Expected outcomes:
  valid/*                                   read, schema passes
  invalid/json.syntax, json.trailing_data,
          json.invalid_utf8                 not JSON
  invalid/json.duplicate_key, json.too_deep,
          json.too_large                    refused by the reading rules (too_large with the
                                            1024-byte limit the example is published for);
                                            read leniently, the schema passes: the schema
                                            cannot see these problems
  invalid/structure.*                       read, schema fails
  invalid/* (others)                        read, schema passes (they break a semantic rule
                                            that only the Rust validator checks)

Exit status 0 when every outcome is as expected, 1 otherwise.
"""
import copy
import json
import os
import sys

from jsonschema import Draft202012Validator

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "schemas")
MAX_DEPTH = 64
MAX_BYTES = 4 << 20
KINDS = {"case": "case", "referral": "referral", "indicator_set": "indicator_set"}


class ReadError(Exception):
    """The document breaks a reading rule."""


def no_repeated_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ReadError("duplicate key")
    return dict(pairs)


def depth(value):
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def read(data, max_bytes=MAX_BYTES):
    """Applies the reading rules; returns the document or raises ReadError."""
    if len(data) > max_bytes:
        raise ReadError("too large")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReadError("invalid UTF-8") from e
    try:
        doc = json.loads(text, object_pairs_hook=no_repeated_keys)
    except json.JSONDecodeError as e:
        raise ReadError(f"not JSON: {e.msg}") from e
    if depth(doc) > MAX_DEPTH:
        raise ReadError("too deep")
    return doc


def lenient(data):
    """Parses as a plain JSON library would; None when it is not JSON at all."""
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None


def load_validators(version):
    validators = {}
    for name in ("record", "case", "referral", "indicator_set"):
        path = os.path.join(ROOT, version, f"{name}.schema.json")
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        validators[name] = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
    return validators


def schema_passes(validators, doc):
    """The verdict of record.schema.json, checked against the record type's own schema."""
    verdict = validators["record"].is_valid(doc)
    kind = KINDS.get(doc.get("record_type")) if isinstance(doc, dict) else None
    if kind is not None and validators[kind].is_valid(doc) != verdict:
        raise AssertionError(f"{kind}.schema.json and record.schema.json disagree")
    return verdict


def expected(folder, code):
    if folder == "valid":
        return "pass"
    if code in ("json.syntax", "json.trailing_data", "json.invalid_utf8"):
        return "not json"
    if code in ("json.duplicate_key", "json.too_deep", "json.too_large"):
        return "refused by reading rules, schema passes"
    if code.startswith("structure."):
        return "fail"
    return "pass"


def outcome(validators, folder, code, data):
    limit = 1024 if code == "json.too_large" else MAX_BYTES
    try:
        doc = read(data, limit)
    except ReadError:
        doc = lenient(data)
        if doc is None:
            return "not json"
        if schema_passes(validators, doc):
            return "refused by reading rules, schema passes"
        return "refused by reading rules, schema fails"
    return "pass" if schema_passes(validators, doc) else "fail"


def canaries(validators, version):
    """Targeted mutations where schema engines are known to differ from the Rust parser."""
    base = os.path.join(ROOT, version, "examples", "valid")
    with open(os.path.join(base, "case-tt-domestic-work.json"), encoding="utf-8") as f:
        case = json.load(f)
    with open(os.path.join(base, "indicators-tt-2024-victims.json"), encoding="utf-8") as f:
        ind = json.load(f)
    checks = [
        ("an id with a final line feed", case, lambda d: d.update(id=d["id"] + "\n")),
        ("an extension key with a final line feed", case,
         lambda d: d["extensions"].update({"org.example.key\n": 1})),
        ("a timestamp on February 30", case, lambda d: d.update(created_at="2024-02-30T10:00:00Z")),
        ("a timestamp with an offset", case, lambda d: d.update(created_at="2024-03-01T10:00:00+01:00")),
        ("a partial date on February 29 of a common year", case,
         lambda d: d["subject"].update(birth_date="2023-02-29")),
        ("an age of 121", case, lambda d: d["subject"].update(age_at_identification=121)),
        ("a suppressed cell with a count", ind,
         lambda d: d["indicators"][0]["cells"][1]["value"].update(count=3)),
        ("a repeated country", ind, lambda d: d["geography"].update(countries=["TT", "TT"])),
    ]
    failures = []
    for what, base_doc, mutate in checks:
        doc = copy.deepcopy(base_doc)
        mutate(doc)
        if schema_passes(validators, doc):
            failures.append(f"canary: the schema accepts {what}")
    return len(checks), failures


def main():
    versions = sorted(
        d for d in os.listdir(ROOT)
        if os.path.isfile(os.path.join(ROOT, d, "record.schema.json"))
    )
    failures = []
    checked = 0
    for version in versions:
        validators = load_validators(version)
        for folder in ("valid", "invalid"):
            directory = os.path.join(ROOT, version, "examples", folder)
            for name in sorted(os.listdir(directory)):
                if not name.endswith(".json"):
                    continue
                code = name[: -len(".json")].split("--")[0]
                with open(os.path.join(directory, name), "rb") as f:
                    data = f.read()
                want = expected(folder, code)
                got = outcome(validators, folder, code, data)
                checked += 1
                if got != want:
                    failures.append(f"{version}/{folder}/{name}: expected {want!r}, got {got!r}")
        n, canary_failures = canaries(validators, version)
        checked += n
        failures.extend(canary_failures)
    for failure in failures:
        print("FAIL", failure)
    print(f"{checked} checks on schema versions {', '.join(versions)}: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
