#!/usr/bin/env bash
# Peak memory (RSS) of `ctip validate` on a generated NDJSON file of about 1 GB.
# Needs GNU time (/usr/bin/time, Debian package `time`) and python3. The file is deleted after.
#   scripts/cli_memory.sh [SIZE_MB]   (default 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-1024}"
cargo build --quiet --release --features cli --bin ctip
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
file="$dir/cases.ndjson"
python3 - "$file" "$size_mb" <<'PY'
import json, sys
path, size_mb = sys.argv[1], int(sys.argv[2])
bases = []
for name in ["case-gy-mining.json", "case-jm-sexual-exploitation.json", "case-tt-domestic-work.json"]:
    with open(f"schemas/1.0/examples/valid/{name}") as f:
        bases.append(json.load(f))
target, written, i = size_mb << 20, 0, 0
with open(path, "w") as out:
    while written < target:
        doc = dict(bases[i % 3]); doc["id"] = f"mem-{i}"
        line = json.dumps(doc, separators=(",", ":")) + "\n"
        out.write(line); written += len(line); i += 1
print(f"{i} records, {written >> 20} MiB", file=sys.stderr)
PY
for jobs in 1 2; do
  /usr/bin/time -v target/release/ctip validate --quiet --jobs "$jobs" --at 2026-01-15T12:00:00Z \
      --format ndjson "$file" 2> "$dir/time.txt" > /dev/null || true
  echo "jobs $jobs: $(grep -E 'Maximum resident' "$dir/time.txt"), $(grep -E 'Elapsed' "$dir/time.txt")"
done
