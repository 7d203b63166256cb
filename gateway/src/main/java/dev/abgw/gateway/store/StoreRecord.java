package dev.abgw.gateway.store;

import dev.abgw.analysis.cell.Observation;
import dev.abgw.analysis.event.RequestContext;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One atomic write: an exported raw event plus the statistics it updates.
 *
 * @param experiment experiment id
 * @param variant the assigned variant
 * @param unit the randomization unit
 * @param exposure true for a proxied request (counts the unit and the request for its variant)
 * @param context the request context to keep for later judgments, or null
 * @param dedupeId idempotency key (judgment id) that must not have been seen, or null
 * @param observations the metric values to add to the unit's sums, per cell
 * @param event the raw event, as exported
 * @param timeMillis the event's time (its {@code time} field), which buckets the record in the time series
 */
public record StoreRecord(String experiment, String variant, String unit, boolean exposure,
                          RequestContext context, String dedupeId, List<Observation> observations,
                          JsonObject event, long timeMillis) {
  public StoreRecord {
    observations = List.copyOf(observations);
  }
}
