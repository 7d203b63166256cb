package dev.abgw.gateway.poison;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Seeded hostile input: JSON texts (and raw bytes) holding lone surrogates, NUL and control characters,
 * overlong and invalid UTF-8, huge and odd numbers, deep nesting and long strings. The same seed gives the
 * same inputs, so a failure can be replayed.
 */
final class Fuzz {
  private final Random random;

  Fuzz(long seed) {
    this.random = new Random(seed);
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** A JSON string literal (with its quotes) whose content is hostile, as JSON escapes or raw characters. */
  String stringLiteral() {
    StringBuilder b = new StringBuilder("\"");
    int parts = 1 + random.nextInt(6);
    for (int i = 0; i < parts; i++) {
      switch (random.nextInt(12)) {
        case 0 -> b.append("\\ud").append("89ab".charAt(random.nextInt(4))).append(hex(2)); // lone high
        case 1 -> b.append("\\ud").append("cdef".charAt(random.nextInt(4))).append(hex(2)); // lone low
        case 2 -> b.append("\\ud83d\\ude00"); // a valid pair
        case 3 -> b.append("\\u0000");
        case 4 -> b.append("\\u00").append(hex(1).charAt(0) < '8' ? "0" : "1").append(hex(1)); // control
        case 5 -> b.append("x".repeat(random.nextInt(300)));
        case 6 -> b.append("\\udfff\\ud800"); // reversed pair: two lone surrogates
        case 7 -> b.append("é😀\u2028");
        case 8 -> b.append("|=:\\\\/~ ");
        case 9 -> b.append("\\\"");
        default -> b.append("plain").append(random.nextInt(100));
      }
    }
    return b.append('"').toString();
  }

  /** A JSON number literal, mostly hostile. */
  String numberLiteral() {
    return switch (random.nextInt(10)) {
      case 0 -> "1e308";
      case 1 -> "-1e308";
      case 2 -> "1e400";
      case 3 -> "123456789012345678901234567890123456789";
      case 4 -> "-0";
      case 5 -> "4.9e-324";
      case 6 -> "1e16";
      case 7 -> Integer.toString(random.nextInt(7) - 1);
      case 8 -> "0." + "9".repeat(40);
      default -> Double.toString(random.nextDouble() * 10);
    };
  }

  /** Any JSON value: strings, numbers, booleans, null, or nesting up to {@code depth}. */
  String value(int depth) {
    int kind = random.nextInt(depth > 0 ? 8 : 5);
    return switch (kind) {
      case 0, 1 -> stringLiteral();
      case 2 -> numberLiteral();
      case 3 -> random.nextBoolean() ? "true" : "false";
      case 4 -> "null";
      case 5 -> "[" + value(depth - 1) + "," + value(depth - 1) + "]";
      case 6 -> deep(random.nextBoolean() ? 50 : 5000);
      default -> "{" + stringLiteral() + ":" + value(depth - 1) + "}";
    };
  }

  /** Nesting {@code n} deep (Jackson refuses more than 1000 levels: that must be a 4xx, never a 5xx). */
  static String deep(int n) {
    return "[".repeat(n) + "]".repeat(n);
  }

  /** Bytes that are not UTF-8: overlong forms, surrogates encoded in UTF-8, stray continuation bytes. */
  byte[] badUtf8() {
    byte[][] forms = {
        {(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
    return forms[random.nextInt(forms.length)];
  }

  /** A JSON text with raw invalid UTF-8 spliced into a string value. */
  byte[] withBadBytes(String before, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(badUtf8());
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private String hex(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) b.append("0123456789abcdef".charAt(random.nextInt(16)));
    return b.toString();
  }
}
