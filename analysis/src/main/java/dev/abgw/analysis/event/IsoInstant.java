package dev.abgw.analysis.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * {@code Instant.ofEpochMilli(millis).toString()} (ISO-8601, UTC, {@code 2026-12-01T12:01:00.123Z}, the fraction
 * only when there are milliseconds) without the formatter's allocations: the date part is kept for the day last
 * formatted, and the time of day is written digit by digit. Years outside 0000 to 9999 take {@link Instant#toString}.
 */
final class IsoInstant {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  /** The last day formatted and its {@code yyyy-MM-ddT}; replaced whole, so threads share it safely. */
  private static volatile Day last = new Day(Long.MIN_VALUE, "");

  private record Day(long epochDay, String prefix) {}

  private IsoInstant() {}

  static String format(long epochMillis) {
    long day = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    Day d = last;
    if (d.epochDay() != day) {
      LocalDate date = LocalDate.ofEpochDay(day);
      if (date.getYear() < 0 || date.getYear() > 9999) return Instant.ofEpochMilli(epochMillis).toString();
      d = new Day(day, date + "T");
      last = d;
    }
    int ms = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
    int h = ms / 3_600_000;
    int m = ms / 60_000 % 60;
    int s = ms / 1000 % 60;
    int frac = ms % 1000;
    String prefix = d.prefix();
    char[] out = new char[prefix.length() + (frac == 0 ? 9 : 13)];
    prefix.getChars(0, prefix.length(), out, 0);
    int i = prefix.length();
    i = two(out, i, h);
    out[i++] = ':';
    i = two(out, i, m);
    out[i++] = ':';
    i = two(out, i, s);
    if (frac != 0) {
      out[i++] = '.';
      out[i++] = (char) ('0' + frac / 100);
      out[i++] = (char) ('0' + frac / 10 % 10);
      out[i++] = (char) ('0' + frac % 10);
    }
    out[i] = 'Z';
    return new String(out);
  }

  private static int two(char[] out, int i, int v) {
    out[i] = (char) ('0' + v / 10);
    out[i + 1] = (char) ('0' + v % 10);
    return i + 2;
  }
}
