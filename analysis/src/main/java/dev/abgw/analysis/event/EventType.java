package dev.abgw.analysis.event;

import java.util.Locale;

/** The {@code type} field of a raw event: which {@link Event} record it is. */
public enum EventType {
  REQUEST,
  JUDGMENT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the known types when {@code wire} is none of them */
  public static EventType fromWire(String wire) {
    for (EventType t : values()) if (t.wire().equals(wire)) return t;
    throw new IllegalArgumentException("type must be request or judgment (was " + (wire == null ? "missing" : "\"" + wire + "\"") + ")");
  }
}
