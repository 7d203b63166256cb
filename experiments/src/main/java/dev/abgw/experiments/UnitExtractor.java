package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Reads a request's unit id as its {@link UnitSpec} says: a header value, a cookie from the {@code Cookie}
 * header, or a scalar in the JSON body. Blank values count as absent; values are trimmed.
 */
public final class UnitExtractor {

  private UnitExtractor() {}

  /** The unit id, or empty when the request carries none (then {@link UnitSpec#fallback()} applies). */
  public static Optional<String> unitId(UnitSpec spec, RequestView req) {
    String v;
    switch (spec.source()) {
      case HEADER:
        v = req.header(spec.name());
        break;
      case COOKIE:
        v = cookie(req.header("Cookie"), spec.name());
        break;
      case BODY:
        JsonNode body = req.body();
        JsonNode n = body == null ? null : body.at(spec.pointer());
        v = n != null && n.isValueNode() && !n.isNull() ? n.asText() : null;
        break;
      default:
        throw new AssertionError(spec.source());
    }
    if (v == null) {
      return Optional.empty();
    }
    v = v.strip();
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** Value of cookie {@code name} in a {@code Cookie} header ({@code a=1; b="2"}), unquoted, or {@code null}. */
  static String cookie(String header, String name) {
    if (header == null) {
      return null;
    }
    for (String pair : header.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
        String value = pair.substring(eq + 1).strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }
}
