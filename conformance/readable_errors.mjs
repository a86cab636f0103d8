// Readable first errors with ajv: the schemas of the next version name the member and the
// allowed values or form for the common mistakes of conformance/typos.json.
//
//   node conformance/readable_errors.mjs [schema folder]   (default: target/schemas-next; or schemas/1.1)
//   node conformance/readable_errors.mjs --show schemas/1.0
//
// ajv is run as schemas/README.md recommends: Ajv2020 with ajv-formats, `allErrors: false`,
// `verbose: true`; the first error of `validate.errors` is the one checked, printed by
// `readable` below (its instancePath, and the title of the failing schema). Exit status 0 when
// every typo gives the expected first error.
import { existsSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const show = args.includes("--show");
const folder = args.filter((a) => a !== "--show")[0] ?? join(root, "target", "schemas-next");
const load = (p) => JSON.parse(readFileSync(p, "utf8"));
// the version the folder's schemas publish, from the `$id` of its record.schema.json
const version = load(join(folder, "record.schema.json"))["$id"].split("/").slice(-2)[0];
const declaring = (doc, v) => ({ ...doc, schema_version: v });
// the typos are applied to the valid examples of that version (1.0's when it has none)
const examplesDir = existsSync(join(root, "schemas", version, "examples", "valid"))
  ? join(root, "schemas", version, "examples", "valid")
  : join(root, "schemas", "1.0", "examples", "valid");

function compile(schemaFolder, file) {
  const ajv = new Ajv2020({ allErrors: false, verbose: true });
  addFormats(ajv);
  return ajv.compile(load(join(schemaFolder, file)));
}

/// The message schemas/README.md recommends: where, and what is expected (the `title` of the
/// failing schema, with `verbose: true`), never the value itself (it may be personal data).
function readable(error) {
  const where = error.instancePath || "/";
  if (error.keyword === "required") return `${where}: missing required member ${error.params.missingProperty}`;
  if (error.keyword === "additionalProperties") return `${where}: unknown member ${error.params.additionalProperty}`;
  const title = error.parentSchema?.title;
  return title ? `${where}: expected ${title}` : `${where}: ${error.message}`;
}

function apply(doc, typo) {
  const copy = structuredClone(doc);
  let node = copy;
  for (const key of typo.path.slice(0, -1)) node = node[key];
  const last = typo.path[typo.path.length - 1];
  if (typo.remove) delete node[last];
  else node[last] = typo.value;
  return copy;
}

// every schema compiles (ajv's default strict mode), and record.schema.json gives the verdict of frozen 1.0 on the generated records
if (!show) {
  for (const f of ["case", "referral", "indicator_set", "record"]) compile(folder, `${f}.schema.json`);
  const records = readFileSync(join(root, "target/schemas-next/records.ndjson"), "utf8")
    .split("\n").filter(Boolean).map((l) => JSON.parse(l));
  records.push(...records.slice(0, 20).map((r) => ({ ...r, id: r.id + "\n" })));
  const oldV = compile(join(root, "schemas/1.0"), "record.schema.json");
  const newV = compile(folder, "record.schema.json");
  // each record (what 1.0 can hold) declaring the version of the schema it is checked against
  const disagree = records.filter((r) => oldV(declaring(r, "1.0")) !== newV(declaring(r, version))).length;
  console.log(`${folder}: 4 schemas compile in ajv; ${records.length} records, ${disagree} verdicts differ from 1.0`);
  if (disagree) process.exitCode = 1;
}

const pointer = (path) => (path.length ? "/" + path.join("/") : "");
const typos = load(join(root, "conformance", "typos.json")).typos;
const compiled = new Map();
let failures = 0;
let checked = 0;
for (const typo of typos) {
  const schemaFile = typo.schema ?? "record.schema.json";
  if (!compiled.has(schemaFile)) compiled.set(schemaFile, compile(folder, schemaFile));
  const validate = compiled.get(schemaFile);
  const example = load(join(examplesDir, typo.example));
  if (validate(apply(example, typo))) {
    console.log(`FAIL ${typo.name}: the schema accepts it`);
    failures++;
    continue;
  }
  const error = validate.errors[0];
  const message = readable(error);
  if (show) {
    console.log(`${typo.name.padEnd(40)} ${message.slice(0, 300)}  [${validate.errors.length} errors]`);
    continue;
  }
  checked++;
  const wantAt = pointer(typo.at_parent || typo.at_parent_ajv ? typo.path.slice(0, -1) : typo.path);
  const wanted = typo.ajv ?? typo.expect;
  const missing = wanted.filter((w) => !message.includes(w));
  const leaks = typeof typo.value === "string" && typo.value.length > 2 && message.includes(typo.value);
  if (error.instancePath !== wantAt || missing.length || leaks || message.length > (typo.max_length ?? 400)) {
    failures++;
    console.log(`FAIL ${typo.name}: first error ${message.slice(0, 300)} (wanted at ${wantAt} with ${JSON.stringify(missing)})`);
  }
}
if (!show) {
  console.log(`${checked} typos checked with ajv: ${failures} failures`);
  if (checked === 0) process.exit(1);
}
process.exit(failures || process.exitCode ? 1 : 0);
