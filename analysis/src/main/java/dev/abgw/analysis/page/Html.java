package dev.abgw.analysis.page;

/**
 * Escaping for HTML text, attribute values (always double-quoted) and SVG text: every user-controlled string
 * on a page passes through {@link #esc}. {@code & < > " '} become entities; so do the C0 controls but tab
 * and newline (XML 1.0 refuses them in SVG), as U+FFFD.
 */
public final class Html {
  private Html() {}

  public static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n') b.append('\uFFFD');
          else b.append(c);
        }
      }
    }
    return b.toString();
  }

  /** A path segment for a link: ids are {@code [a-z0-9_-]}, but a link never trusts that. */
  public static String path(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : (s == null ? "" : s).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
