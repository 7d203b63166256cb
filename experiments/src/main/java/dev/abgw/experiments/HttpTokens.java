package dev.abgw.experiments;

/** RFC 9110 {@code token} syntax, which header names must follow. */
final class HttpTokens {

  private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

  private HttpTokens() {}

  static boolean isToken(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TCHAR_SYMBOLS.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
