#!/usr/bin/env python3
"""Freeze (release) the current version of the standard: one mechanical step.

    python3 scripts/freeze_version.py 1.1
    python3 scripts/freeze_version.py 1.1 --refreeze   # after merging more 1.1 fields into a
                                                      # branch where 1.1 was frozen, unpublished

1. regenerates schemas/<version>/*.schema.json from the Rust types
   (CTIP_UPDATE_SCHEMAS=1 cargo test --all-features --test schema_files) and the conformance
   manifest schemas/<version>/conformance.json
   (CTIP_WRITE_CONFORMANCE=1 cargo test --all-features --test examples);
2. appends the SHA-256 of the schema files (four, and tip.schema.json from 1.1) to schemas/FROZEN (sha256sum format);
3. runs the tests that pin released versions (schema_files, examples, schema_additions) and
   `sha256sum -c FROZEN`.

From then on the version is released: the crate checks documents of it against exactly these
files (src/schema/frozen.rs compiles in every published folder; schemas/FROZEN says which are
released), CTIP_UPDATE_SCHEMAS and CTIP_WRITE_CONFORMANCE refuse to rewrite it, and any change
to its types needs a new version. Review `git diff schemas/` before committing.

Refuses a version that is already listed, a folder without its four schema files, and a
version that is not the current one of the build (SchemaVersion::CURRENT).
"""
import hashlib
import os
import re
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FILES = ("case.schema.json", "referral.schema.json", "indicator_set.schema.json", "record.schema.json")
# record types a version added publish a schema from that version on (tip: 1.1)
ADDED_FILES = {"tip.schema.json": (1, 1)}


def run(cmd, env=None):
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True, env=dict(os.environ, **(env or {})))


def current_version():
    with open(os.path.join(ROOT, "src", "types", "version.rs"), encoding="utf-8") as f:
        text = f.read()
    name = re.search(r"pub const CURRENT: SchemaVersion = SchemaVersion::(V\d+_\d+);", text).group(1)
    major, minor = name[1:].split("_")
    return f"{major}.{minor}"


def main(argv):
    refreeze = "--refreeze" in argv
    args = [a for a in argv[1:] if a != "--refreeze"]
    if len(args) != 1 or not re.fullmatch(r"[1-9][0-9]*\.(0|[1-9][0-9]*)", args[0]):
        print(__doc__)
        return 2
    version = args[0]
    if version != current_version():
        print(f"{version} is not the current version of this build ({current_version()})")
        return 1
    frozen_path = os.path.join(ROOT, "schemas", "FROZEN")
    with open(frozen_path, encoding="utf-8") as f:
        listed = f.read()
    if re.search(rf"  {re.escape(version)}/", listed):
        if not refreeze:
            print(f"{version} is already released (listed in schemas/FROZEN); --refreeze replaces its hashes")
            return 1
        # only for a version frozen on a branch and not yet published: its lines go first
        listed = "".join(l for l in listed.splitlines(True) if f"  {version}/" not in l)
        with open(frozen_path, "w", encoding="utf-8") as f:
            f.write(listed)
    run(["cargo", "test", "--quiet", "--all-features", "--test", "schema_files"], {"CTIP_UPDATE_SCHEMAS": "1"})
    run(["cargo", "test", "--quiet", "--all-features", "--test", "examples"], {"CTIP_WRITE_CONFORMANCE": "1"})
    lines = []
    major, minor = (int(x) for x in version.split("."))
    names = list(FILES) + [n for n, since in ADDED_FILES.items() if (major, minor) >= since]
    for name in names:
        path = os.path.join(ROOT, "schemas", version, name)
        with open(path, "rb") as f:
            lines.append(f"{hashlib.sha256(f.read()).hexdigest()}  {version}/{name}\n")
    if listed and not listed.endswith("\n"):
        listed += "\n"
    with open(frozen_path, "w", encoding="utf-8") as f:
        f.write(listed + "".join(lines))
    print(f"schemas/FROZEN: {len(lines)} lines added for {version}")
    run(["cargo", "test", "--quiet", "--all-features", "--test", "schema_files", "--test", "examples",
         "--test", "schema_additions", "--test", "schema_next"])
    subprocess.run(["sha256sum", "-c", "FROZEN"], cwd=os.path.join(ROOT, "schemas"), check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
