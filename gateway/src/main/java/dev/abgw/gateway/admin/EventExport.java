package dev.abgw.gateway.admin;

import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.http.ApiErrors;
import dev.abgw.gateway.store.EventStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /experiments/{id}/export}: pages through the store's raw events, keeps those the {@link ExportQuery}
 * selects, and streams them as NDJSON or CSV with back-pressure, as an attachment. The same on both stores: the
 * filter runs here on the stored events, so a filtered export reads as much of the store as a full one.
 */
final class EventExport {
  static final int PAGE = 1000;

  private final EventStore store;

  EventExport(EventStore store) {
    this.store = store;
  }

  void send(RoutingContext ctx, Experiment e) {
    List<JsonObject> problems = new ArrayList<>();
    ExportQuery q = ExportQuery.parse(ctx.queryParams(), problems);
    if (q == null) {
      ApiErrors.send(ctx.response(), 400, "invalid_query", problems.size() + " problem(s) in the export's query: "
          + String.join("; ", problems.stream().map(p -> p.getString("message")).toList()), problems);
      return;
    }
    HttpServerResponse resp = ctx.response().putHeader("content-type", q.format().contentType())
        .putHeader("content-disposition", "attachment; filename=\"" + q.fileName(e.id()) + "\"").setChunked(true);
    page(resp, e.id(), q, null);
  }

  private void page(HttpServerResponse resp, String experiment, ExportQuery q, String cursor) {
    store.events(experiment, cursor, PAGE).onSuccess(page -> {
      Buffer chunk = Buffer.buffer(page.events().size() * 256);
      // The CSV header goes out with the first page, so a store that fails at once still gets a 503.
      if (cursor == null && q.format() == ExportFormat.CSV) chunk.appendString(CsvEvents.header());
      for (JsonObject ev : page.events()) {
        if (!q.keeps(ev)) continue;
        if (q.format() == ExportFormat.CSV) chunk.appendString(CsvEvents.row(ev));
        else chunk.appendString(ev.encode()).appendByte((byte) '\n');
      }
      if (chunk.length() > 0) resp.write(chunk);
      if (page.next() == null) {
        resp.end();
      } else if (resp.writeQueueFull()) {
        resp.drainHandler(v -> page(resp, experiment, q, page.next()));
      } else {
        page(resp, experiment, q, page.next());
      }
    }).onFailure(err -> {
      if (resp.headWritten()) resp.reset();
      else ApiErrors.send(resp, 503, "store_unavailable", "the event store did not answer: " + err.getMessage());
    });
  }
}
