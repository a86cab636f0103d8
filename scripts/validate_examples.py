#!/usr/bin/env python3
"""Validate every published example with Python's jsonschema, independently of the Rust crate.

The expected outcome of each example is read from the conformance manifest of its version,
schemas/<version>/conformance.json, which the Rust tests (tests/examples.rs,
tests/schema_examples.rs) read too: the two sides cannot drift apart. Run from the
repository root:

    python3 -m pip install jsonschema==4.26.0
    python3 scripts/validate_examples.py

A document goes through two steps, as a conforming reader does it:

1. Reading rules (docs: schemas/README.md): valid UTF-8, one JSON value and nothing after
   it, no object with a repeated key, nesting at most 64 deep, size within the reader's
   limit (the test's `limits`, else the manifest's). JSON Schema cannot express these; this
   script applies them itself and checks the rule code (`reading`) the manifest gives.
2. The schema: Draft202012Validator with its format checker, against record.schema.json
   (any record) and, when record_type names one, the schema of that record type (the two
   must agree), on the document parsed leniently as a plain JSON library would (a document
   refused by the reading rules is still shown to the schema when it is JSON: `schema_valid`).

The semantic rules (`valid`, `issues`) are checked by the Rust tests only.

Across versions: every valid example of a newer version is refused by the schemas of each
older one with an error at /schema_version (what a reader of the older version says). With
`--exports` (CI, after `cargo test`), the exports to 1.0 that tests/schema_export.rs writes
to target/exports-1.0/records.ndjson must each be valid under the frozen 1.0 schemas (checked
whenever the file exists).

Exit status 0 when every outcome is as expected, 1 otherwise (also when a manifest lists no
test, lists a file that does not exist, or leaves out an example file).
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
    """The document breaks a reading rule; the argument is the rule code."""


def no_repeated_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ReadError("json.duplicate_key")
    return dict(pairs)


def depth(value):
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def read(data, max_bytes=MAX_BYTES, max_depth=MAX_DEPTH):
    """Applies the reading rules; returns the document or raises ReadError(rule code)."""
    if len(data) > max_bytes:
        raise ReadError("json.too_large")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReadError("json.invalid_utf8") from e
    try:
        doc = json.loads(text, object_pairs_hook=no_repeated_keys)
    except json.JSONDecodeError as e:
        code = "json.trailing_data" if e.msg == "Extra data" else "json.syntax"
        raise ReadError(code) from e
    if depth(doc) > max_depth:
        raise ReadError("json.too_deep")
    return doc


def lenient(data):
    """Parses as a plain JSON library would; None when it is not JSON at all."""
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None


def load_validators(version):
    validators = {}
    for name in ("record", "case", "referral", "indicator_set", "tip"):
        path = os.path.join(ROOT, version, f"{name}.schema.json")
        if name == "tip" and not os.path.exists(path):
            continue  # a record type of 1.1: 1.0 has no tip schema
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


def outcome(validators, manifest, test, data):
    """(json, reading, schema_valid) as this script sees them."""
    limits = dict(manifest.get("limits", {}), **test.get("limits", {}))
    try:
        read(data, limits.get("max_bytes", MAX_BYTES), limits.get("max_depth", MAX_DEPTH))
        reading = "accepted"
    except ReadError as e:
        reading = e.args[0]
    doc = lenient(data)
    if doc is None:
        return False, reading, None
    return True, reading, schema_passes(validators, doc)


def check_manifest(version, validators):
    """Checks every test of schemas/<version>/conformance.json; returns (checks, failures)."""
    path = os.path.join(ROOT, version, "conformance.json")
    failures = []
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        return 0, [f"{version}: cannot read conformance.json: {e}"]
    manifest_schema = os.path.join(ROOT, "conformance.schema.json")
    if os.path.exists(manifest_schema):
        with open(manifest_schema, encoding="utf-8") as f:
            meta = Draft202012Validator(json.load(f), format_checker=Draft202012Validator.FORMAT_CHECKER)
        for error in meta.iter_errors(manifest):
            failures.append(f"{version}/conformance.json: {error.json_path}: {error.message}")
    if manifest.get("schema_version") != version:
        failures.append(f"{version}/conformance.json: schema_version is {manifest.get('schema_version')!r}")
    tests = manifest.get("tests", [])
    listed = [t.get("file") for t in tests]
    on_disk = sorted(
        f"examples/{folder}/{name}"
        for folder in ("valid", "invalid")
        for name in os.listdir(os.path.join(ROOT, version, "examples", folder))
        if name.endswith(".json")
    )
    for missing in sorted(set(on_disk) - set(listed)):
        failures.append(f"{version}/{missing}: not in conformance.json")
    if len(listed) != len(set(listed)):
        failures.append(f"{version}/conformance.json: a file is listed twice")
    checks = 0
    for test in tests:
        name = f"{version}/{test['file']}"
        try:
            with open(os.path.join(ROOT, version, test["file"]), "rb") as f:
                data = f.read()
        except OSError as e:
            failures.append(f"{name}: {e}")
            continue
        got = outcome(validators, manifest, test, data)
        want = (test["json"], test["reading"], test["schema_valid"])
        checks += 1
        if got != want:
            failures.append(f"{name}: expected (json, reading, schema_valid) {want!r}, got {got!r}")
    return checks, failures


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


def version_key(v):
    return tuple(int(x) for x in v.split("."))


def older_readers_refuse_newer_documents(versions, all_validators):
    """A document of a newer version, read by a reader of an older one (its frozen schemas):
    refused, with an error at /schema_version (the "unsupported version" error)."""
    failures = []
    checks = 0
    for i, old in enumerate(versions):
        for new in versions[i + 1:]:
            folder = os.path.join(ROOT, new, "examples", "valid")
            for name in sorted(os.listdir(folder)):
                if not name.endswith(".json"):
                    continue
                with open(os.path.join(folder, name), "rb") as f:
                    doc = lenient(f.read())
                checks += 1
                errors = list(all_validators[old]["record"].iter_errors(doc))
                # a record type the older version does not have (tip, from 1.1) is refused at
                # /record_type; any other newer document at /schema_version
                kinds = all_validators[old].keys()
                at = "schema_version" if doc.get("record_type") in kinds else "record_type"
                if not any(list(e.absolute_path) == [at] for e in errors):
                    failures.append(f"{new}/examples/valid/{name}: the {old} schema does not refuse it at /{at}")
    return checks, failures


def exports_are_valid(path, validators, required):
    """The exports to 1.0 the Rust tests write (tests/schema_export.rs): each valid under the
    frozen 1.0 schemas."""
    if not os.path.exists(path):
        return 0, ([f"{path}: missing (run cargo test --all-features --test schema_export)"] if required else [])
    failures = []
    checks = 0
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            doc = json.loads(line)
            checks += 1
            if doc.get("schema_version") != "1.0":
                failures.append(f"{path}:{n}: declares {doc.get('schema_version')!r}")
            elif not schema_passes(validators, doc):
                failures.append(f"{path}:{n}: not valid under the 1.0 schemas")
    if checks == 0:
        failures.append(f"{path}: no export")
    return checks, failures


def main():
    versions = sorted(
        (d for d in os.listdir(ROOT)
         if os.path.isfile(os.path.join(ROOT, d, "record.schema.json"))),
        key=version_key,
    )
    all_validators = {}
    failures = []
    checked = 0
    for version in versions:
        validators = load_validators(version)
        all_validators[version] = validators
        n, manifest_failures = check_manifest(version, validators)
        if n == 0:
            manifest_failures.append(f"{version}: the manifest has no test")
        checked += n
        failures.extend(manifest_failures)
        n, canary_failures = canaries(validators, version)
        checked += n
        failures.extend(canary_failures)
    n, cross_failures = older_readers_refuse_newer_documents(versions, all_validators)
    checked += n
    failures.extend(cross_failures)
    if "1.0" in all_validators:
        exports = os.path.join(ROOT, "..", "target", "exports-1.0", "records.ndjson")
        n, export_failures = exports_are_valid(exports, all_validators["1.0"], "--exports" in sys.argv)
        checked += n
        failures.extend(export_failures)
    if not versions:
        failures.append("no schema version found under schemas/")
    for failure in failures:
        print("FAIL", failure)
    print(f"{checked} checks on schema versions {', '.join(versions)}: {len(failures)} failures")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
