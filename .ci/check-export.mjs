// The export recipe of docs/export-format.md, run as written: its ```sql block (the DuckDB recipe) against the
// real NDJSON and CSV exports that the gateway's ExportTest leaves in gateway/target/export-sample/, with the
// counts that test saw. Run after `mvn -B test`.
import { DuckDBInstance } from "@duckdb/node-api";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const sample = path.join(root, "gateway/target/export-sample");
const expected = JSON.parse(fs.readFileSync(path.join(sample, "expected.json"), "utf8"));

const doc = fs.readFileSync(path.join(root, "docs/export-format.md"), "utf8");
const block = doc.match(/```sql\n([\s\S]*?)```/);
if (!block) throw new Error("docs/export-format.md has no ```sql block");
const statements = block[1]
  .replaceAll("exp-events.ndjson", path.join(sample, "events.ndjson"))
  .replaceAll("exp-events.csv", path.join(sample, "events.csv"))
  .split(/;\s*\n/).map((s) => s.trim()).filter((s) => s.replace(/--.*$/gm, "").trim() !== "");
if (statements.length !== 2) throw new Error(`expected the 2 statements of the recipe, found ${statements.length}`);

const instance = await DuckDBInstance.create(":memory:");
const db = await instance.connect();
const run = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJson();

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const perVariant = await run(statements[0]);
const requests = perVariant.reduce((n, r) => n + Number(r.requests), 0);
const tokens = perVariant.reduce((n, r) => n + Number(r.total_tokens), 0);
check(requests === expected.requests, `NDJSON: ${requests} requests, the export has ${expected.requests}`);
check(tokens === expected.totalTokens, `NDJSON: ${tokens} total tokens, the export has ${expected.totalTokens}`);

const judged = await run(statements[1]);
check(judged.length === expected.judgments, `CSV: ${judged.length} judged requests, the export has ${expected.judgments}`);
check(judged.every((r) => r.comment === expected.comment), `CSV: comment read back as ${JSON.stringify(judged[0]?.comment)}`);
check(judged.every((r) => r.tier === "gold"), `CSV: segment tier read back as ${JSON.stringify(judged[0]?.tier)}`);

db.closeSync();
instance.closeSync();
for (const f of failures) console.error(`export: ${f}`);
console.log(failures.length === 0
  ? `export recipe: ok, DuckDB read ${requests} requests and ${judged.length} judgment(s) from ${path.relative(root, sample)}`
  : `export recipe: FAILED, ${failures.length} check(s)`);
process.exit(failures.length === 0 ? 0 : 1);
