// docs/report.schema.json compiles in ajv's strict mode and accepts the live reports the test suite saved under
// gateway/target/report-samples/ (TimeSeriesReportTest: both stores, fixed and sequential, with the time series).
// Run after the tests (the Java ReportSchemaTest checks built reports with a small validator of its own).
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const read = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
// strictRequired off: the schema's if/then blocks require properties declared by the enclosing object (the usual
// idiom for "a treatment has absolute"), which that rule does not look through.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(read(path.join(root, "docs/report.schema.json")));
const dir = path.join(root, "gateway/target/report-samples");
const samples = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
if (samples.length === 0) {
  console.error(`report schema: no sample in ${path.relative(root, dir)} (run the tests first)`);
  process.exit(1);
}
const failures = [];
for (const f of samples) {
  if (!validate(read(path.join(dir, f)))) failures.push(`${f}: ${ajv.errorsText(validate.errors)}`);
}
for (const f of failures) console.error(`report schema: ${f}`);
if (failures.length > 0) process.exit(1);
console.log(`report schema: ok, ajv (strict) accepts all ${samples.length} saved reports`);
