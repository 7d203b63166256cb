package dev.abgw.gateway.admin;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Raw events as CSV (RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote, CR or LF is quoted and
 * its quotes doubled). One table for both event types: a header line of {@link #COLUMNS}, then one line per event;
 * a column the event does not have is empty. {@code usage} is flattened into its three token columns and
 * {@code segments} stays one column holding the JSON object text. {@code docs/export-format.md} defines each column.
 */
final class CsvEvents {
  static final List<String> COLUMNS = List.of("type", "time", "experiment", "variant", "unit", "requestId",
      "status", "errorKind", "latencyMs", "ttfbMs", "promptTokens", "completionTokens", "totalTokens",
      "finishReason", "toolCalls", "upstreamRequestId", "metric", "value", "id", "judge", "confidence", "comment", "segments");

  private static final List<String> USAGE = List.of("promptTokens", "completionTokens", "totalTokens");

  private CsvEvents() {}

  static String header() {
    return String.join(",", COLUMNS) + "\r\n";
  }

  static String row(JsonObject event) {
    StringBuilder line = new StringBuilder(256);
    JsonObject usage = event.getJsonObject("usage");
    for (int i = 0; i < COLUMNS.size(); i++) {
      if (i > 0) line.append(',');
      String column = COLUMNS.get(i);
      Object value = USAGE.contains(column) ? (usage == null ? null : usage.getValue(column)) : event.getValue(column);
      if (value instanceof JsonObject o) value = o.encode();
      if (value != null) field(line, String.valueOf(value));
    }
    return line.append("\r\n").toString();
  }

  private static void field(StringBuilder line, String s) {
    boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    if (!quote) {
      line.append(s);
      return;
    }
    line.append('"').append(s.replace("\"", "\"\"")).append('"');
  }
}
