package dev.abgw.gateway.admin;

import dev.abgw.gateway.http.ApiErrors;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /experiments/{id}/export}: {@code since} (inclusive) and {@code until} (exclusive) on the
 * event's {@code time}, each an ISO-8601 instant with {@code Z} or an offset, or epoch milliseconds; {@code type}
 * ({@code request} or {@code judgment}); {@code format} ({@code ndjson}, the default, or {@code csv}).
 *
 * @param since first instant kept, or null for no lower bound
 * @param until first instant no longer kept, or null for no upper bound
 * @param type the one event type kept, or null for both
 */
record ExportQuery(Instant since, Instant until, String type, ExportFormat format) {
  static final Set<String> PARAMETERS = Set.of("since", "until", "type", "format");
  private static final List<String> TYPES = List.of("request", "judgment");
  private static final Pattern EPOCH_MILLIS = Pattern.compile("-?[0-9]{1,18}");

  /** The query, or null after adding one {@code {pointer, message}} per mistake (pointer into the parameters). */
  static ExportQuery parse(MultiMap params, List<JsonObject> problems) {
    for (String name : params.names()) {
      if (!PARAMETERS.contains(name)) {
        problems.add(problem(name, "is not a parameter of the export (known: format, since, type, until)"));
      } else if (params.getAll(name).size() > 1) {
        problems.add(problem(name, "must be given once (was given " + params.getAll(name).size() + " times)"));
      }
    }
    Instant since = instant(params, "since", problems);
    Instant until = instant(params, "until", problems);
    String type = params.get("type");
    if (type != null && !TYPES.contains(type)) {
      problems.add(problem("type", "must be one of request, judgment (was \"" + type + "\")"));
    }
    String formatText = params.get("format");
    ExportFormat format = formatText == null ? ExportFormat.NDJSON : ExportFormat.fromJson(formatText);
    if (format == null) {
      problems.add(problem("format", "must be one of ndjson, csv (was \"" + formatText + "\")"));
    }
    if (since != null && until != null && !since.isBefore(until)) {
      problems.add(problem("until", "must be after since (since " + since + ", until " + until + ")"));
    }
    return problems.isEmpty() ? new ExportQuery(since, until, type, format) : null;
  }

  private static Instant instant(MultiMap params, String name, List<JsonObject> problems) {
    String s = params.get(name);
    if (s == null) return null;
    if (EPOCH_MILLIS.matcher(s).matches()) return Instant.ofEpochMilli(Long.parseLong(s));
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      problems.add(problem(name, "must be an ISO-8601 instant with Z or an offset (2026-12-01T09:00:00Z) or epoch"
          + " milliseconds (was \"" + s + "\")"));
      return null;
    }
  }

  private static JsonObject problem(String name, String rule) {
    return ApiErrors.detail("/" + name, "?" + name + " " + rule);
  }

  /** Whether the export keeps this stored event. */
  boolean keeps(JsonObject event) {
    if (type != null && !type.equals(event.getString("type"))) return false;
    if (since == null && until == null) return true;
    Instant time = Instant.parse(event.getString("time"));
    return (since == null || !time.isBefore(since)) && (until == null || time.isBefore(until));
  }

  /** {@code ID-events.ndjson}, {@code ID-judgment-events.csv}, ...: the id is already safe in a file name. */
  String fileName(String experiment) {
    return experiment + (type == null ? "" : "-" + type) + "-events." + format.json();
  }
}
