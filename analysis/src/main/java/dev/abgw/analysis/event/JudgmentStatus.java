package dev.abgw.analysis.event;

import java.util.Locale;

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
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException when {@code wire} names no status */
  public static JudgmentStatus fromWire(String wire) {
    for (JudgmentStatus s : values()) if (s.wire().equals(wire)) return s;
    throw new IllegalArgumentException("not a judgment status: " + wire);
  }
}
