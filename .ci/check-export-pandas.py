"""The pandas recipe of docs/export-format.md, run as written (its ```python block) against the real exports that
the gateway's ExportTest leaves in gateway/target/export-sample/, with the counts that test saw. Run after
`mvn -B test`, with Debian's python3-pandas."""
import json
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
sample = root / "gateway/target/export-sample"
expected = json.loads((sample / "expected.json").read_text())
doc = (root / "docs/export-format.md").read_text()
block = re.search(r"```python\n(.*?)```", doc, re.S)
if not block:
    sys.exit("docs/export-format.md has no ```python block")
code = block.group(1).replace('"exp-events.ndjson"', repr(str(sample / "events.ndjson"))) \
    .replace('"exp-events.csv"', repr(str(sample / "events.csv")))
ns = {}
exec(code, ns)

failures = []
requests, judged = ns["requests"], ns["judged"]
if len(requests) != expected["requests"]:
    failures.append(f"NDJSON: {len(requests)} requests, the export has {expected['requests']}")
if int(requests["usage.totalTokens"].sum()) != expected["totalTokens"]:
    failures.append(f"NDJSON: {requests['usage.totalTokens'].sum()} total tokens, the export has {expected['totalTokens']}")
if len(judged) != expected["judgments"]:
    failures.append(f"CSV: {len(judged)} judged requests, the export has {expected['judgments']}")
if list(judged["comment"]) != [expected["comment"]] * expected["judgments"]:
    failures.append(f"CSV: comment read back as {list(judged['comment'])!r}")
if any(s.get("tier") != "gold" for s in judged["segments_request"]):
    failures.append("CSV: segments of the judged request did not decode to {'tier': 'gold'}")
for f in failures:
    print(f"export (pandas): {f}", file=sys.stderr)
import pandas
print(f"export recipe (pandas {pandas.__version__}): " + ("ok" if not failures else f"FAILED, {len(failures)} check(s)"))
sys.exit(1 if failures else 0)
