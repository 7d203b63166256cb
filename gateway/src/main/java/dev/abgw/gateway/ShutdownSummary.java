package dev.abgw.gateway;

/**
 * What {@link Gateway#shutdown} did: how many proxied requests were still in flight when it stopped accepting,
 * how many of them ended within the drain time, and how many records the recorder wrote to the store from then on
 * (records dropped or failed are counted apart, as on {@code /metrics}).
 */
public record ShutdownSummary(long inFlightAtStop, long drained, long recordsFlushed, long recordsDropped,
                              long recordsFailed, long millis) {

  public String line() {
    return "stopped after " + millis + " ms: " + drained + " of " + inFlightAtStop + " in-flight request(s) drained, "
        + recordsFlushed + " record(s) flushed to the store" + (recordsDropped + recordsFailed > 0
        ? " (" + recordsDropped + " dropped, " + recordsFailed + " failed)" : "");
  }
}
