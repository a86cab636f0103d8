#!/usr/bin/env python3
"""Readable first errors: the schemas of the next version name the member and the allowed
values or form for the common mistakes, in Python jsonschema's `best_match`.

Each typo of conformance/typos.json is applied to a valid example; the best error
(`jsonschema.exceptions.best_match`) must sit at the typo's member (`path`) and its readable
message (`readable` below: the recipe of schemas/README.md) must contain every text of
`python` (or of `expect` when there is no `python`), and not the wrong value itself.
conformance/readable_errors.mjs checks the same typos with ajv.

    python3 scripts/readable_errors.py [VERSION]          # default: target/schemas-next (generated)
    python3 scripts/readable_errors.py 1.1                # the published schemas/1.1/
    python3 scripts/readable_errors.py --show 1.0         # print the messages, check nothing

The typos are applied to the valid examples of the schemas' own version
(schemas/<version>/examples/valid/), so that the document declares that version.

Exit status 0 when every typo gives the expected first message, 1 otherwise.
"""
import copy
import json
import os
import sys

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def apply(doc, typo):
    """Applies one typo: set `path` to `value`, or remove it (`remove`), or add `add`."""
    doc = copy.deepcopy(doc)
    *parents, last = typo["path"]
    node = doc
    for key in parents:
        node = node[key]
    if typo.get("remove"):
        del node[last]
    else:
        node[last] = typo["value"]
    return doc


def first_error(schema, doc):
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return best_match(validator.iter_errors(doc))


def readable(error):
    """The message schemas/README.md recommends: where, and what is expected (the `title` of
    the failing schema), never the value itself (it may be personal data)."""
    where = error.json_path
    title = error.schema.get("title") if isinstance(error.schema, dict) else None
    if error.validator in ("required", "additionalProperties"):
        return "%s: %s" % (where, error.message)
    if title:
        return "%s: expected %s" % (where, title)
    if error.validator == "type":
        return "%s: expected type %s" % (where, error.validator_value)
    return "%s: fails %s" % (where, error.validator)


def version_of(folder):
    """The version a folder's schemas publish, from the `$id` of its record.schema.json."""
    schema_id = load(os.path.join(folder, "record.schema.json"))["$id"]
    return schema_id.rstrip("/").split("/")[-2]


def declaring(doc, version):
    """The document declaring `version` (the same content)."""
    return dict(doc, schema_version=version) if isinstance(doc, dict) else doc


def compile_and_agree(folder):
    """Every schema of the folder is a valid 2020-12 schema, and record.schema.json gives the
    verdict of frozen 1.0 on 100 generated records (and on each with a trailing line feed in
    its id, which only the `not` beside the pattern refuses in Python). The records are what
    1.0 can hold (the Rust test exports them to 1.0); each declares the version of the schema
    it is checked against."""
    problems = 0
    version = version_of(folder)
    for name in ("case", "referral", "indicator_set", "record"):
        Draft202012Validator.check_schema(load(os.path.join(folder, name + ".schema.json")))
    records_path = os.path.join(ROOT, "target", "schemas-next", "records.ndjson")
    if not os.path.exists(records_path):
        print("FAIL no generated records: run cargo test --test schema_next first")
        return 1
    with open(records_path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f][:100]
    records += [dict(r, id=r["id"] + "\n") for r in records[:20]]
    frozen = load(os.path.join(ROOT, "schemas", "1.0", "record.schema.json"))
    fmt = Draft202012Validator.FORMAT_CHECKER
    old = Draft202012Validator(frozen, format_checker=fmt)
    new = Draft202012Validator(load(os.path.join(folder, "record.schema.json")), format_checker=fmt)
    for i, r in enumerate(records):
        if old.is_valid(declaring(r, "1.0")) != new.is_valid(declaring(r, version)):
            print("FAIL record %d: 1.0 and %s disagree" % (i, folder))
            problems += 1
    if sum(not new.is_valid(declaring(r, version)) for r in records) < 20:
        print("FAIL the trailing line feeds are accepted")
        problems += 1
    print("%s: 4 schemas compile in Python jsonschema; %d records, same verdicts as 1.0" % (folder, len(records)))
    return problems


def main(argv):
    show = "--show" in argv
    args = [a for a in argv[1:] if a != "--show"]
    version = args[0] if args else "next"
    folder = os.path.join(ROOT, "schemas", version) if version != "next" else os.path.join(ROOT, "target", "schemas-next")
    typos = load(os.path.join(ROOT, "conformance", "typos.json"))
    failures = checked = 0
    if not show:
        failures += compile_and_agree(folder)
    # the typos are applied to the valid examples of the folder's version
    examples = os.path.join(ROOT, "schemas", version_of(folder), "examples", "valid")
    if not os.path.isdir(examples):
        examples = os.path.join(ROOT, "schemas", "1.0", "examples", "valid")
    for typo in typos["typos"]:
        example = load(os.path.join(examples, typo["example"]))
        schema = load(os.path.join(folder, typo.get("schema", "record.schema.json")))
        error = first_error(schema, apply(example, typo))
        if error is None:
            print("FAIL %s: the schema accepts it" % typo["name"])
            failures += 1
            continue
        at = list(error.absolute_path)
        where = "/" + "/".join(str(p) for p in at)
        message = readable(error)
        if show:
            print("%-40s %s: %s" % (typo["name"], where, message[:300]))
            continue
        checked += 1
        parent = typo.get("at_parent") or typo.get("at_parent_python")
        want_at = typo["path"][:-1] if parent else typo["path"]
        wanted = typo.get("python", typo["expect"])
        missing = [w for w in wanted if w not in message]
        leaks = isinstance(typo.get("value"), str) and len(typo["value"]) > 2 and typo["value"] in message
        if at != want_at or missing or leaks or len(message) > typo.get("max_length", 400):
            failures += 1
            print("FAIL %s: best error at %s: %s (wanted at /%s with %s)"
                  % (typo["name"], where, message[:300], "/".join(map(str, want_at)), missing))
    if not show:
        print("%d typos checked with Python jsonschema best_match: %d failures" % (checked, failures))
        if checked == 0:
            return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
