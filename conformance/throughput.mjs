// ajv throughput on the generated records of target/schemas-next/records.ndjson (written by
// `cargo test --test schema_next`), for frozen 1.0, the next version as generated, and the
// next version with the language and country enums written as a trie-shaped pattern. Also
// checks that the variants give every record the same verdict. A measurement, not a test.
//
//   node conformance/throughput.mjs [seconds]
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const seconds = Number(process.argv[2] ?? 2);
const load = (p) => JSON.parse(readFileSync(p, "utf8"));
const records = readFileSync(join(root, "target/schemas-next/records.ndjson"), "utf8")
  .split("\n").filter(Boolean).map((l) => JSON.parse(l));
// the trie variant is built by the Python script, so that both measure the same schema
const variants = JSON.parse(execFileSync("python3", ["-c",
  "import sys,json; sys.path.insert(0,'scripts'); import schema_throughput as t; print(json.dumps(t.variants()))"],
  { cwd: root, maxBuffer: 1 << 26 }).toString());
const candidates = ["1.0", "next", "next, trie patterns"];
let status = 0;
let first;
const compiled = {};
for (const [name, schema] of Object.entries(variants)) {
  const ajv = new Ajv2020({ allErrors: false });
  addFormats(ajv);
  compiled[name] = ajv.compile(schema);
  const verdicts = records.map((r) => compiled[name](r));
  if (first && candidates.includes(name) && verdicts.some((v, i) => v !== first[i])) { console.log(`${name} disagrees`); status = 1; }
  first ??= verdicts;
}
// interleaved rounds, best of each: the machine is shared, the best round is the least disturbed
const rounds = 5;
const best = Object.fromEntries(Object.keys(compiled).map((k) => [k, 0]));
for (let round = 0; round < rounds; round++) {
  for (const [name, validate] of Object.entries(compiled)) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < (seconds * 1000) / rounds) { for (const r of records) validate(r); n += records.length; }
    best[name] = Math.max(best[name], n / ((performance.now() - start) / 1000));
  }
}
for (const [name, r] of Object.entries(best)) {
  console.log(`${"ajv 8.20".padEnd(34)} ${name.padEnd(22)} ${r.toFixed(0).padStart(10)} records/s  (${(r / best["1.0"]).toFixed(2)}x 1.0)`);
}
process.exit(status);
