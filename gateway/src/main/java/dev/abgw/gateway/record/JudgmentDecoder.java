package dev.abgw.gateway.record;

import dev.abgw.experiments.JudgmentValue;
import dev.abgw.analysis.event.Judgment;
import dev.abgw.analysis.event.RequestIds;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one posted judgment object, collecting every problem with its field, so a batch can answer
 * item by item. Checks against the experiment (metric known, value in bounds) happen later, once the
 * request id is resolved; the value's checks are {@link JudgmentValue}'s, which offline analysis shares.
 */
public final class JudgmentDecoder {
  private static final Set<String> FIELDS =
      Set.of("requestId", "metric", "value", "id", "judge", "confidence", "comment", "segments");

  /** Either a judgment or the reasons it is invalid. */
  public record Decoded(Judgment judgment, List<String> errors) {
    public boolean valid() {
      return judgment != null;
    }
  }

  private JudgmentDecoder() {}

  public static Decoded decode(JsonObject o) {
    List<String> errors = new ArrayList<>();
    for (String f : o.fieldNames()) {
      if (!FIELDS.contains(f)) errors.add("/" + f + " is not a known field (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
    }
    String requestId = requiredString(o, "requestId", errors);
    if (requestId != null && !RequestIds.isValid(requestId)) {
      errors.add("/requestId must be 8 to 128 characters of [A-Za-z0-9._:-] (was \"" + clip(requestId) + "\")");
    }
    String metric = requiredString(o, "metric", errors);
    JudgmentValue.Checked checked = JudgmentValue.parse(o.getValue("value"));
    Double value = checked.value();
    if (!checked.valid()) errors.add(checked.error());
    String id = optionalString(o, "id", 128, errors);
    String judge = optionalString(o, "judge", 64, errors);
    String comment = optionalString(o, "comment", 4000, errors);
    Double confidence = null;
    Object c = o.getValue("confidence");
    if (c != null) {
      if (c instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1) {
        confidence = n.doubleValue();
      } else {
        errors.add("/confidence must be a number between 0 and 1 (was " + describe(c) + ")");
      }
    }
    Map<String, String> segments = new HashMap<>();
    Object s = o.getValue("segments");
    if (s != null) {
      if (!(s instanceof JsonObject tags)) {
        errors.add("/segments must be an object of dimension to value (was " + describe(s) + ")");
      } else if (tags.size() > 10) {
        errors.add("/segments must have at most 10 entries (was " + tags.size() + ")");
      } else {
        for (String k : tags.fieldNames()) {
          Object v = tags.getValue(k);
          if (v instanceof String str && !str.isEmpty() && str.length() <= 64) {
            segments.put(k, str);
          } else {
            errors.add("/segments/" + k + " must be a string of 1 to 64 characters (was " + describe(v) + ")");
          }
        }
      }
    }
    if (!errors.isEmpty()) return new Decoded(null, errors);
    return new Decoded(new Judgment(requestId, metric, value, id, judge, confidence, comment, segments), List.of());
  }

  private static String requiredString(JsonObject o, String field, List<String> errors) {
    Object v = o.getValue(field);
    if (v == null) {
      errors.add("/" + field + " is required");
      return null;
    }
    if (!(v instanceof String s) || s.isEmpty()) {
      errors.add("/" + field + " must be a non-empty string (was " + describe(v) + ")");
      return null;
    }
    return s;
  }

  private static String optionalString(JsonObject o, String field, int maxLength, List<String> errors) {
    Object v = o.getValue(field);
    if (v == null) return null;
    if (!(v instanceof String s) || s.isEmpty() || s.length() > maxLength) {
      errors.add("/" + field + " must be a string of 1 to " + maxLength + " characters (was " + describe(v) + ")");
      return null;
    }
    return s;
  }

  static String describe(Object v) {
    if (v instanceof String s) return "\"" + clip(s) + "\"";
    if (v instanceof JsonObject) return "an object";
    if (v instanceof io.vertx.core.json.JsonArray) return "an array";
    return String.valueOf(v);
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
