// The schema's half of the agreement check (the parser's half is experiments' DefinitionCasesTest, on the same
// files): docs/experiment.schema.json compiles in ajv's strict mode, accepts examples/ and definitions/valid/,
// rejects definitions/invalid/ with an error at the case's pointer, and accepts definitions/parser-only/ (rules
// JSON Schema cannot express; the gateway's parser rejects them).
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const cases = path.join(root, "experiments/src/test/resources/definitions");
const read = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const list = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(dir, f));
const rel = (file) => path.relative(root, file);

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(read(path.join(root, "docs/experiment.schema.json")));

const escape = (name) => name.replace(/~/g, "~0").replace(/\//g, "~1");
// Where an error points: the value itself, or the member a required/additionalProperties error is about.
function location(err) {
  if (err.keyword === "required") return `${err.instancePath}/${escape(err.params.missingProperty)}`;
  if (err.keyword === "additionalProperties") return `${err.instancePath}/${escape(err.params.additionalProperty)}`;
  return err.instancePath;
}

const failures = [];
let checked = 0;
for (const file of [...list(path.join(root, "examples")), ...list(path.join(cases, "valid"))]) {
  checked++;
  if (!validate(read(file))) failures.push(`${rel(file)}: the gateway accepts it, the schema rejects it: ${ajv.errorsText(validate.errors)}`);
}
for (const file of list(path.join(cases, "invalid"))) {
  checked++;
  const c = read(file);
  const want = c.schemaPointer ?? c.pointer;
  if (validate(c.definition)) {
    failures.push(`${rel(file)}: the gateway rejects it at ${c.pointer} (${c.why}), the schema accepts it`);
  } else if (!validate.errors.some((e) => location(e) === want)) {
    failures.push(`${rel(file)}: no schema error at ${want}; errors at ${validate.errors.map(location).join(", ")}`);
  }
}
for (const file of list(path.join(cases, "parser-only"))) {
  checked++;
  const c = read(file);
  if (!validate(c.definition)) {
    failures.push(`${rel(file)}: the schema now rejects it (${ajv.errorsText(validate.errors)}): move it to invalid/`);
  }
}

if (checked < 60) failures.push(`only ${checked} definitions found under ${rel(cases)} and examples/`);
for (const f of failures) console.error(`schema: ${f}`);
console.log(failures.length === 0
  ? `schema: ok, ajv (strict) and the gateway agree on all ${checked} definitions`
  : `schema: FAILED, ${failures.length} of ${checked} definitions disagree`);
process.exit(failures.length === 0 ? 0 : 1);
