package dev.abgw.gateway.log;

import java.util.Locale;

/** How log lines are written: {@code text} for people, {@code json} (one object per line) for log pipelines. */
public enum LogFormat {
  TEXT, JSON;

  /** @throws IllegalArgumentException naming the accepted values */
  public static LogFormat of(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("--log-format must be text or json (was \"" + s + "\")");
    };
  }
}
