/**
 * Experiment definitions, their validation, and deterministic assignment of units to variants. Pure Java:
 * no network, no event loop, no storage. The gateway decodes requests, calls into this package, and enforces
 * what it decides.
 *
 * <h2>1. Define an experiment</h2>
 * An experiment is a JSON document; {@code docs/experiment.schema.json} describes every field and
 * {@code examples/} holds complete definitions. The essentials:
 * <pre>{@code
 * {
 *   "id": "support-prompt-v2",
 *   "status": "running",
 *   "route": {"pathPrefix": "/v1/chat/completions"},
 *   "unit": {"source": "body", "pointer": "/user", "fallback": "request"},
 *   "variants": [
 *     {"name": "control",   "upstream": "http://127.0.0.1:9001", "weight": 50},
 *     {"name": "treatment", "upstream": "http://127.0.0.1:9002", "weight": 50}
 *   ],
 *   "control": "control",
 *   "metrics": [{"name": "resolved", "type": "binary", "direction": "increase"}]
 * }
 * }</pre>
 *
 * <h2>2. Parse and validate</h2>
 * <pre>{@code
 * ParseResult r = ExperimentParser.parse(json);
 * if (r instanceof ParseResult.Invalid invalid) {
 *   invalid.errors().forEach(e -> System.out.println(e.message()));
 *   // /variants/1/weight must be >= 0 (was -5)
 *   // /control must name one of the variants [control, treatment] (was "ctrl")
 * } else {
 *   Experiment e = ((ParseResult.Valid) r).experiment();
 * }
 * }</pre>
 * The parser never throws for bad input and reports <em>every</em> mistake at once, each with the JSON pointer of
 * the field ({@link ValidationError#pointer()}) and a message that starts with that pointer, names the rule and
 * shows the value seen. Unknown fields are errors, so a typo such as {@code "wieght"} is caught rather than
 * silently ignored. {@link ExperimentJson#toJson(Experiment)} writes the canonical form back, defaults included;
 * parsing it gives an equal {@link Experiment}.
 *
 * <h2>3. Route, identify the unit, assign</h2>
 * <pre>{@code
 * if (e.route().matches(hostHeader, path)) {
 *   Optional<String> unit = UnitExtractor.unitId(e.unit(), requestView);
 *   Optional<Assignment> a = Assigner.assignOrFallback(e, unit.orElse(null), requestId);
 *   // empty: fallback "reject", answer 400; otherwise proxy to a.get().variant().upstream()
 *   // and record the exchange only if a.get().counted()
 * }
 * }</pre>
 * {@link Assigner} is a pure function of (salt, unit id, definition): the same unit gets the same arm after a
 * restart, on another machine, or from a freshly parsed copy of the definition. Units outside
 * {@link Experiment#allocation()}, and every unit while the experiment is not running, are served by control
 * and not counted. Raising the allocation admits new units without moving the ones already in. The hash is
 * xxHash64 over {@code UTF-8(salt) || 0x00 || UTF-8(unitId)}; the bucket is {@code (h >>> 11) * 2^-53}. Use
 * {@link Assigner#of(Experiment)} for an allocation-free hot path.
 *
 * <h2>4. Segments</h2>
 * {@link SegmentExtractor#fromRequest} and {@link SegmentExtractor#fromResponse} read the raw values of the
 * experiment's {@link SegmentDimension}s (trimmed, at most 64 chars; input lengths as bucket labels such as
 * {@code "200-999"}). Merge the two maps and pass them through one {@link CardinalityLimiter} per experiment:
 * it keeps the first {@code maxValues} distinct values of each dimension, labels later ones {@code "other"} and
 * missing ones {@code "(none)"}.
 *
 * <h2>5. Judgments</h2>
 * Before recording a posted judgment, check it with {@link MetricSpec#checkValue(double)}: binary metrics take 0
 * or 1, continuous ones a finite number within {@code min..max}. {@link MetricSpec#isBad(double)} tells whether a
 * value counts as a bad answer ({@code badBelow}) for the long-tail report.
 */
package dev.abgw.experiments;
