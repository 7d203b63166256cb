package dev.abgw.experiments;

import com.fasterxml.jackson.core.JsonPointer;

/** Building and checking RFC 6901 JSON pointers. */
final class JsonPointers {

  private JsonPointers() {}

  /** The pointer to member {@code name} of the value at {@code parent}: {@code "~"} becomes {@code "~0"}, {@code "/"} becomes {@code "~1"}. */
  static String child(String parent, String name) {
    return parent + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  /** The pointer to element {@code index} of the array at {@code parent}. */
  static String index(String parent, int index) {
    return parent + "/" + index;
  }

  /** Whether {@code s} is a non-empty pointer into a document: starts with {@code "/"} and escapes {@code "~"} properly. */
  static boolean isValid(String s) {
    if (s == null || !s.startsWith("/")) {
      return false;
    }
    try {
      JsonPointer.compile(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
    // Jackson accepts a lone "~" literally; RFC 6901 allows only "~0" and "~1".
    for (int i = s.indexOf('~'); i >= 0; i = s.indexOf('~', i + 1)) {
      if (i + 1 >= s.length() || (s.charAt(i + 1) != '0' && s.charAt(i + 1) != '1')) {
        return false;
      }
    }
    return true;
  }
}
