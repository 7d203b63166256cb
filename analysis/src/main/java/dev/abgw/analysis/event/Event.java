package dev.abgw.analysis.event;

import java.util.Map;

/**
 * One raw event, as stored in the event stream and exported as NDJSON ({@code docs/export-format.md}).
 * Every event names the experiment, the variant and unit it counts for, the request it concerns and its
 * segment values; {@link EventCodec} is its only encoder and decoder. New event kinds are new records here.
 */
public sealed interface Event permits RequestEvent, JudgmentEvent {
  EventType type();

  String experiment();

  String variant();

  String unit();

  String requestId();

  /** When the gateway received the request, or stored the judgment. */
  long timeMillis();

  Map<String, String> segments();
}
