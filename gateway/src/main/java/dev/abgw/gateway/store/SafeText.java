package dev.abgw.gateway.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps every string that reaches a store valid Unicode. A Java string can hold a lone UTF-16 surrogate
 * (JSON's {@code "\ud800"} decodes to one); no UTF-8 encoder can write it, so before this check one such
 * string broke the embedded store's log writer for good.
 *
 * <p>The rule, by where a string comes from: values the proxy reads from traffic (unit id, segment values,
 * the finish reason it sniffs) are <em>replaced</em>, each lone surrogate by U+FFFD, because the request was
 * the client's to send and is still forwarded byte for byte; values posted to the admin API (judgments,
 * definitions) are <em>refused</em> with a 400/422 naming the field, because their sender can fix them. NUL
 * and every other valid code point are kept: they are valid Unicode, and both stores write them escaped.
 */
public final class SafeText {
  private SafeText() {}

  /** Index of the first lone surrogate in {@code s}, or -1 when it is valid Unicode (null is valid). */
  public static int firstLoneSurrogate(String s) {
    if (s == null) return -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  public static boolean isValid(String s) {
    return firstLoneSurrogate(s) < 0;
  }

  /** {@code s} with every lone surrogate replaced by U+FFFD; the same instance when it was valid. */
  public static String clean(String s) {
    int first = firstLoneSurrogate(s);
    if (first < 0) return s;
    StringBuilder out = new StringBuilder(s.length());
    out.append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\ufffd');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Keys and values cleaned; the same map when all were valid. */
  public static Map<String, String> clean(Map<String, String> m) {
    boolean dirty = false;
    for (var e : m.entrySet()) {
      if (!isValid(e.getKey()) || !isValid(e.getValue())) {
        dirty = true;
        break;
      }
    }
    if (!dirty) return m;
    Map<String, String> out = new HashMap<>();
    m.forEach((k, v) -> out.put(clean(k), clean(v)));
    return out;
  }

  /**
   * One message per string (field name or value) in the tree that is not valid Unicode, each starting with
   * its JSON pointer: {@code /comment must be valid Unicode: lone surrogate U+D83D at index 0}.
   */
  public static List<String> invalidStrings(Object json) {
    List<String> out = new ArrayList<>();
    walk(json, "", out);
    return out;
  }

  private static void walk(Object v, String pointer, List<String> out) {
    if (v instanceof String s) {
      int at = firstLoneSurrogate(s);
      if (at >= 0) {
        out.add((pointer.isEmpty() ? "/" : pointer) + " must be valid Unicode: lone surrogate U+"
            + String.format("%04X", (int) s.charAt(at)) + " at index " + at);
      }
    } else if (v instanceof JsonObject o) {
      for (String k : o.fieldNames()) {
        String p = pointer + "/" + escape(clean(k));
        if (!isValid(k)) out.add(p + " has a field name that is not valid Unicode");
        walk(o.getValue(k), p, out);
      }
    } else if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) walk(a.getValue(i), pointer + "/" + i, out);
    }
  }

  /** JSON pointer escaping (RFC 6901). */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
