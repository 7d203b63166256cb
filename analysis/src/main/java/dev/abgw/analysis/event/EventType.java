package dev.abgw.analysis.event;

/** The {@code type} field of a raw event: which {@link Event} record it is. */
public enum EventType {
  REQUEST,
  JUDGMENT;

  public String wire() {
    return WireNames.of(this);
  }

  /** @throws IllegalArgumentException naming the known types when {@code wire} is none of them */
  public static EventType fromWire(String wire) {
    return WireNames.parse(EventType.class, "type", wire);
  }
}
