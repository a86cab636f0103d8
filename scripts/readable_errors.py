#!/usr/bin/env python3
"""Readable first errors: the schemas of the next version name the member and the allowed
values or form for the common mistakes, in Python jsonschema's `best_match`.

Each typo of conformance/typos.json is applied to a valid example; the best error
(`jsonschema.exceptions.best_match`) must sit at the typo's member (`path`) and its readable
message (`readable` below: the recipe of schemas/README.md) must contain every text of
`python` (or of `expect` when there is no `python`), and not the wrong value itself.
conformance/readable_errors.mjs checks the same typos with ajv.

    python3 scripts/readable_errors.py [VERSION]          # default: the newest generated folder
    python3 scripts/readable_errors.py --show 1.0         # print the messages, check nothing

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


def main(argv):
    show = "--show" in argv
    args = [a for a in argv[1:] if a != "--show"]
    version = args[0] if args else "next"
    folder = os.path.join(ROOT, "schemas", version) if version != "next" else os.path.join(ROOT, "target", "schemas-next")
    typos = load(os.path.join(ROOT, "conformance", "typos.json"))
    failures = checked = 0
    for typo in typos["typos"]:
        example = load(os.path.join(ROOT, "schemas", "1.0", "examples", "valid", typo["example"]))
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
