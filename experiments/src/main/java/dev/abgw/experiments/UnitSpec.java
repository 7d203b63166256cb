package dev.abgw.experiments;

import java.util.Objects;

/**
 * Where a request's randomization unit id comes from, and what happens when it is missing.
 *
 * @param source header, cookie or body
 * @param name header or cookie name; {@code null} for body
 * @param pointer RFC 6901 JSON pointer into the request body; {@code null} for header and cookie
 * @param fallback what to do when the unit id is absent
 */
public record UnitSpec(UnitSource source, String name, String pointer, UnitFallback fallback) {

  public UnitSpec {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fallback, "fallback");
    if (source == UnitSource.BODY) {
      if (pointer == null || !pointer.startsWith("/")) {
        throw new IllegalArgumentException("pointer must start with \"/\" for source body (was " + quoted(pointer) + ")");
      }
      if (name != null) {
        throw new IllegalArgumentException("name is only allowed for source header or cookie (was " + quoted(name) + ")");
      }
    } else {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name is required for source " + source.json() + " (was " + quoted(name) + ")");
      }
      if (pointer != null) {
        throw new IllegalArgumentException("pointer is only allowed for source body (was " + quoted(pointer) + ")");
      }
    }
  }

  /** Unit id from a request header, e.g. {@code X-User-Id}. */
  public static UnitSpec header(String name, UnitFallback fallback) {
    return new UnitSpec(UnitSource.HEADER, name, null, fallback);
  }

  /** Unit id from a cookie. */
  public static UnitSpec cookie(String name, UnitFallback fallback) {
    return new UnitSpec(UnitSource.COOKIE, name, null, fallback);
  }

  /** Unit id from the JSON request body at {@code pointer}, e.g. {@code /user}. */
  public static UnitSpec body(String pointer, UnitFallback fallback) {
    return new UnitSpec(UnitSource.BODY, null, pointer, fallback);
  }

  private static String quoted(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
