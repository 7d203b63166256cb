package dev.abgw.gateway.proxy.resilience;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads {@code Retry-After} (RFC 9110 10.2.3): delay-seconds or an HTTP-date. */
final class RetryAfter {
  private RetryAfter() {}

  /** The delay in milliseconds from {@code nowMillis}, 0 for a date in the past, null when absent or malformed. */
  static Long millis(String value, long nowMillis) {
    if (value == null) return null;
    String v = value.trim();
    if (v.isEmpty()) return null;
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Math.multiplyExact(Long.parseLong(v), 1000L);
      } catch (ArithmeticException | NumberFormatException tooLarge) {
        return Long.MAX_VALUE;
      }
    }
    try {
      long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return Math.max(0, at - nowMillis);
    } catch (DateTimeParseException malformed) {
      return null;
    }
  }
}
