package dev.abgw.experiments;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns experiment JSON into an {@link Experiment}, or into the list of every mistake in it. Each
 * {@link ValidationError} carries the JSON pointer of the offending field and a message that starts with it,
 * names the rule and shows the value seen. Never throws for bad input.
 *
 * <p>The format is documented field by field in {@code docs/experiment.schema.json}.
 */
public final class ExperimentParser {

  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Every top-level field the parser accepts, in canonical order. */
  public static final List<String> TOP_LEVEL_FIELDS = List.of("id", "description", "status", "salt", "route", "unit",
      "variants", "control", "allocation", "metrics", "analysis", "segments", "monitor", "rollout", "resilience");

  private static final Pattern HOST = Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?$");

  private ExperimentParser() {}

  /** Parses a JSON text; malformed JSON is one error at pointer {@code ""} with the parser's line and column. */
  public static ParseResult parse(String json) {
    if (json == null || json.isBlank()) {
      return invalid("", "document is empty: expected a JSON object describing an experiment");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return invalid("", "document is not valid JSON" + where + ": " + e.getOriginalMessage());
    }
    return parse(node);
  }

  /** Validates an already-parsed JSON tree. */
  public static ParseResult parse(JsonNode node) {
    Problems problems = new Problems();
    if (node == null || !node.isObject()) {
      problems.add("", "document must be a JSON object (was " + JsonValues.describe(node) + ")");
      return new ParseResult.Invalid(problems.errors());
    }
    ObjectReader root = ObjectReader.of(node, "", problems);
    String id = id(root);
    String description = root.string("description", false);
    Status status = root.choice("status", Status.class, false, Status.DRAFT);
    String salt = salt(root);
    Route route = route(root.object("route", true));
    UnitSpec unit = unit(root.object("unit", true));
    List<Variant> variants = VariantsParser.variants(root);
    String control = control(root);
    double allocation = allocation(root);
    List<MetricSpec> metrics = MetricsParser.metrics(root);
    AnalysisSpec analysis = AnalysisParser.analysis(root.object("analysis", false));
    List<SegmentDimension> segments = SegmentsParser.segments(root);
    MonitorSpec monitor = MonitorParser.monitor(root.object("monitor", false));
    RolloutSpec rollout = RolloutParser.rollout(root);
    if (rollout != null) {
      allocation = rollout.stage(0).allocation();
    }
    Resilience resilience = ResilienceParser.resilience(root);
    root.rejectUnknown();
    if (!problems.isEmpty()) {
      return new ParseResult.Invalid(problems.errors());
    }
    try {
      return new ParseResult.Valid(new Experiment(id, description == null ? "" : description, status, salt, route,
          unit, variants, control, allocation, metrics, analysis, segments, monitor, rollout, resilience));
    } catch (IllegalArgumentException | NullPointerException e) {
      // The checks above mirror the records' own; reaching this is a bug, still reported rather than thrown.
      return invalid("", "definition rejected: " + e.getMessage());
    }
  }

  private static ParseResult invalid(String pointer, String message) {
    Problems p = new Problems();
    p.add(pointer, message);
    return new ParseResult.Invalid(p.errors());
  }

  private static String id(ObjectReader root) {
    String id = root.string("id", true);
    if (id != null && !Experiment.ID.matcher(id).matches()) {
      root.problems().add(root.at("id"), "must be 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter"
          + " or digit (was " + JsonValues.quote(id) + ")");
      return null;
    }
    return id;
  }

  private static String salt(ObjectReader root) {
    String salt = root.string("salt", false);
    if (salt != null && salt.isEmpty()) {
      root.problems().add(root.at("salt"), "must not be empty (leave it out to use the id)");
      return null;
    }
    return salt;
  }

  private static Route route(ObjectReader r) {
    if (r == null) {
      return null;
    }
    String prefix = r.string("pathPrefix", true);
    if (prefix != null && (!prefix.startsWith("/") || prefix.indexOf('?') >= 0 || prefix.indexOf('#') >= 0
        || prefix.chars().anyMatch(Character::isWhitespace))) {
      r.problems().add(r.at("pathPrefix"), "must be a path starting with \"/\" without query, fragment or spaces (was "
          + JsonValues.quote(prefix) + ")");
      prefix = null;
    }
    String host = r.string("host", false);
    if (host != null && !HOST.matcher(host).matches()) {
      r.problems().add(r.at("host"), "must be a host name, optionally with :port, without scheme or path (was "
          + JsonValues.quote(host) + ")");
      host = null;
    }
    r.rejectUnknown();
    return prefix == null ? null : new Route(prefix, host);
  }

  private static UnitSpec unit(ObjectReader r) {
    if (r == null) {
      return null;
    }
    int before = r.problems().count();
    UnitSource source = r.choice("source", UnitSource.class, true, null);
    String name = null;
    String pointer = null;
    if (source == UnitSource.BODY) {
      r.forbid("name", "only allowed with source header or cookie (source is body)");
      pointer = r.string("pointer", true);
      if (pointer != null && !JsonPointers.isValid(pointer)) {
        r.problems().add(r.at("pointer"), "must be a JSON pointer starting with \"/\" (RFC 6901) (was "
            + JsonValues.quote(pointer) + ")");
      }
    } else if (source != null) {
      r.forbid("pointer", "only allowed with source body (source is " + source.json() + ")");
      name = r.string("name", true);
      if (name != null && !HttpTokens.isToken(name)) {
        r.problems().add(r.at("name"), "must be a " + source.json() + " name (letters, digits and !#$%&'*+-.^_`|~) (was "
            + JsonValues.quote(name) + ")");
      }
    } else {
      r.raw("name");
      r.raw("pointer");
    }
    UnitFallback fallback = r.choice("fallback", UnitFallback.class, false, UnitFallback.REQUEST);
    r.rejectUnknown();
    return r.problems().count() == before ? new UnitSpec(source, name, pointer, fallback) : null;
  }

  private static String control(ObjectReader root) {
    String control = root.string("control", true);
    JsonNode rawVariants = root.raw("variants");
    if (control == null || rawVariants == null || !rawVariants.isArray()) {
      return control;
    }
    // Names are taken from the raw array so a mistake elsewhere in a variant does not hide this one.
    List<String> names = new ArrayList<>();
    rawVariants.forEach(v -> {
      if (v.path("name").isTextual()) {
        names.add(v.path("name").textValue());
      }
    });
    if (!names.contains(control)) {
      root.problems().add(root.at("control"), "must name one of the variants " + names + " (was " + JsonValues.quote(control) + ")");
      return null;
    }
    return control;
  }

  private static double allocation(ObjectReader root) {
    Double allocation = root.number("allocation", false);
    if (allocation == null) {
      return 1.0;
    }
    if (allocation < 0 || allocation > 1) {
      root.problems().add(root.at("allocation"), "must be between 0 and 1 (was " + JsonValues.describe(root.raw("allocation")) + ")");
    }
    return allocation;
  }
}
