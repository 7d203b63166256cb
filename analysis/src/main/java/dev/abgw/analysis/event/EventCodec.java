package dev.abgw.analysis.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one codec of the raw event format ({@code docs/export-format.md}, the contract): {@link #fields} fixes
 * the field order and spelling, {@link #encode} writes one NDJSON line, {@link #decode} reads one back.
 * A decoded line re-encodes byte for byte (tested against lines exported before this codec existed). Segment
 * keys keep the order the event holds them in; the old encoder wrote them in the order of a {@code HashMap},
 * which for colliding keys varied between JVM runs, so readers must not depend on that order.
 */
public final class EventCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventCodec() {}

  /** A line that is not an event: {@code getMessage()} says which field and why. */
  public static final class BadEvent extends IllegalArgumentException {
    public BadEvent(String message) {
      super(message);
    }
  }

  /** The event's fields in export order; nested objects are maps, absent values null. */
  public static Map<String, Object> fields(Event e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", e.type().wire());
    out.put("experiment", e.experiment());
    out.put("variant", e.variant());
    out.put("unit", e.unit());
    out.put("requestId", e.requestId());
    // Java 17: no pattern switch; the interface is sealed, so these two are every case.
    if (e instanceof RequestEvent r) {
      request(r, out);
    } else {
      judgment((JudgmentEvent) e, out);
    }
    out.put("segments", new LinkedHashMap<>(e.segments()));
    if (e instanceof RequestEvent r && r.outcome().serving() != null) ServingJson.write(r.outcome().serving(), out);
    return out;
  }

  private static void request(RequestEvent r, Map<String, Object> out) {
    ProxyOutcome o = r.outcome();
    out.put("time", IsoInstant.format(r.timeMillis()));
    out.put("status", o.status());
    out.put("errorKind", o.errorKind() == null ? null : o.errorKind().wire());
    out.put("latencyMs", o.latencyMillis());
    out.put("ttfbMs", Double.isNaN(o.ttfbMillis()) ? null : o.ttfbMillis());
    Map<String, Object> usage = null;
    if (o.promptTokens() != null || o.completionTokens() != null || o.totalTokens() != null) {
      usage = new LinkedHashMap<>();
      usage.put("promptTokens", o.promptTokens());
      usage.put("completionTokens", o.completionTokens());
      usage.put("totalTokens", o.totalTokens());
    }
    out.put("usage", usage);
    out.put("finishReason", o.finishReason());
    out.put("toolCalls", o.toolCalls());
    out.put("upstreamRequestId", o.upstreamRequestId());
  }

  private static void judgment(JudgmentEvent j, Map<String, Object> out) {
    out.put("metric", j.metric());
    out.put("value", j.value());
    out.put("id", j.id());
    out.put("judge", j.judge());
    out.put("confidence", j.confidence());
    out.put("comment", j.comment());
    out.put("time", IsoInstant.format(j.timeMillis()));
  }

  /** One NDJSON line, without its newline. */
  public static String encode(Event e) {
    try {
      return JSON.writeValueAsString(fields(e));
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("strings, numbers and maps always serialize", impossible);
    }
  }

  /** @throws BadEvent when the line is not JSON or not an event of a known type */
  public static Event decode(String line) {
    return decode(parse(line));
  }

  /** One line as a JSON object, for readers that check fields before decoding ({@code analyze}). */
  public static JsonNode parse(String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (JsonProcessingException notJson) {
      throw new BadEvent("not JSON");
    }
    if (n == null || !n.isObject()) throw new BadEvent("not a JSON object");
    return n;
  }

  /** @throws BadEvent when {@code n} is not an event of a known type */
  public static Event decode(JsonNode n) {
    EventType type;
    try {
      type = EventType.fromWire(text(n, "type"));
    } catch (IllegalArgumentException unknown) {
      throw new BadEvent(unknown.getMessage());
    }
    return switch (type) {
      case REQUEST -> new RequestEvent(text(n, "experiment"), text(n, "variant"), text(n, "unit"),
          text(n, "requestId"), time(n), segments(n), outcome(n));
      case JUDGMENT -> judgment(n);
    };
  }

  private static JudgmentEvent judgment(JsonNode n) {
    JsonNode value = n.get("value");
    if (value == null || !value.isNumber()) throw new BadEvent("judgment of metric " + text(n, "metric") + " has no numeric value");
    String metric = text(n, "metric");
    if (metric == null || metric.isEmpty()) throw new BadEvent("judgment has no metric");
    JsonNode confidence = n.get("confidence");
    return new JudgmentEvent(text(n, "experiment"), text(n, "variant"), text(n, "unit"), text(n, "requestId"),
        metric, value.doubleValue(), text(n, "id"), text(n, "judge"),
        confidence == null || !confidence.isNumber() ? null : confidence.doubleValue(), text(n, "comment"),
        time(n), segments(n));
  }

  private static ProxyOutcome outcome(JsonNode n) {
    JsonNode usage = n.get("usage");
    JsonNode ttfb = n.get("ttfbMs");
    String kind = text(n, "errorKind");
    ErrorKind errorKind;
    try {
      errorKind = kind == null ? null : ErrorKind.fromWire(kind);
    } catch (IllegalArgumentException unknown) {
      throw new BadEvent(unknown.getMessage());
    }
    return new ProxyOutcome(n.path("status").asInt(0), errorKind, n.path("latencyMs").asDouble(0.0),
        ttfb == null || !ttfb.isNumber() ? Double.NaN : ttfb.doubleValue(),
        tokens(usage, "promptTokens"), tokens(usage, "completionTokens"), tokens(usage, "totalTokens"),
        text(n, "finishReason"), n.path("toolCalls").asInt(0), text(n, "upstreamRequestId"), ServingJson.read(n));
  }

  private static Long tokens(JsonNode usage, String field) {
    if (usage == null || !usage.isObject()) return null;
    JsonNode v = usage.get(field);
    return v == null || !v.isNumber() ? null : v.longValue();
  }

  /** The event's {@code time} in milliseconds since the epoch, 0 when absent. @throws BadEvent when not ISO-8601 */
  public static long timeMillis(JsonNode n) {
    return time(n);
  }

  private static long time(JsonNode n) {
    String t = text(n, "time");
    if (t == null) return 0;
    try {
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException bad) {
      throw new BadEvent("time must be an ISO-8601 instant (was \"" + t + "\")");
    }
  }

  /** The {@code segments} object of an event line, values as text; empty when absent. */
  public static Map<String, String> segments(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode s = n.get("segments");
    if (s != null && s.isObject()) {
      s.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().isTextual() ? f.getValue().textValue()
          : f.getValue().toString()));
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString();
  }
}
