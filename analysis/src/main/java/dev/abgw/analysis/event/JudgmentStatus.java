package dev.abgw.analysis.event;

/** What became of one posted judgment; the wire name is the lower-case name ({@code unknown_request}). */
public enum JudgmentStatus {
  /** Counted. */
  STORED,
  /** Its {@code id} was counted before; nothing changed. */
  DUPLICATE,
  /** No retained request has its {@code requestId}. */
  UNKNOWN_REQUEST,
  /** It breaks a rule; the result lists every error. */
  INVALID;

  public String wire() {
    return WireNames.of(this);
  }

  /** @throws IllegalArgumentException when {@code wire} names no status */
  public static JudgmentStatus fromWire(String wire) {
    return WireNames.parse(JudgmentStatus.class, "status", wire);
  }
}
