package dev.abgw.gateway.proxy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Reads the few fields {@link ResponseSniffer} wants from a chat completion's JSON bytes in place: {@code usage}'s
 * token counts, and the first choice's {@code finish_reason} and number of {@code message.tool_calls}. Everything
 * else (the content, other choices) is skipped byte by byte without building tokens, names or strings; it
 * replaced Jackson's streaming parser on the proxy loop (parser, context and symbol-table setup per answer).
 *
 * <p>Values read before a syntax error are kept, as they were with the streaming parser; after one, reading stops.
 * Numbers convert as Jackson's {@code getNumberValue().longValue()} does (a fraction or exponent truncates, an
 * integer beyond {@code long} wraps). Strings are decoded with their escapes; bytes that are not UTF-8 become
 * U+FFFD instead of an error.
 */
final class CompletionScan {
  /** Nesting deeper than this is refused, as Jackson's default {@code maxNestingDepth} refuses it. */
  static final int MAX_DEPTH = 1000;

  private static final byte[] USAGE = ascii("usage");
  private static final byte[] CHOICES = ascii("choices");
  private static final byte[] FINISH_REASON = ascii("finish_reason");
  private static final byte[] MESSAGE = ascii("message");
  private static final byte[] TOOL_CALLS = ascii("tool_calls");
  private static final byte[] PROMPT_TOKENS = ascii("prompt_tokens");
  private static final byte[] COMPLETION_TOKENS = ascii("completion_tokens");
  private static final byte[] TOTAL_TOKENS = ascii("total_tokens");

  /** Thrown (one shared instance, no stack trace) when the bytes stop being JSON. */
  private static final class Malformed extends RuntimeException {
    Malformed() {
      super("not JSON", null, false, false);
    }
  }

  private static final Malformed MALFORMED = new Malformed();

  private final byte[] b;
  private final int end;
  private int i;
  /** Where the last {@link #string()} started and ended (exclusive), and whether it had an escape. */
  private int strStart;
  private int strEnd;
  private boolean strEscaped;

  Long promptTokens;
  Long completionTokens;
  Long totalTokens;
  String finishReason;
  /** Tool calls of the first choice's message; -1 when it has no {@code tool_calls} array. */
  int toolCalls = -1;

  private CompletionScan(byte[] bytes, int offset, int length) {
    this.b = bytes;
    this.i = offset;
    this.end = offset + length;
  }

  /** Scans {@code length} bytes of {@code bytes} from {@code offset}; never throws for any input. */
  static CompletionScan of(byte[] bytes, int offset, int length) {
    CompletionScan s = new CompletionScan(bytes, offset, length);
    try {
      s.completion();
    } catch (Malformed notJson) {
      // Keep what was read before the error: nothing of the answer is ours to judge.
    }
    return s;
  }

  private void completion() {
    skipBom();
    ws();
    if (i >= end || b[i] != '{') return;
    i++;
    if (emptyContainer('}')) return;
    do {
      key();
      if (is(USAGE) && peek() == '{') {
        usage();
      } else if (is(CHOICES) && peek() == '[') {
        choices();
      } else {
        skipValue();
      }
    } while (nextMember('}'));
  }

  private void usage() {
    i++; // {
    if (emptyContainer('}')) return;
    do {
      key();
      int which = is(PROMPT_TOKENS) ? 1 : is(COMPLETION_TOKENS) ? 2 : is(TOTAL_TOKENS) ? 3 : 0;
      char c = peek();
      if (which != 0 && (c == '-' || (c >= '0' && c <= '9'))) {
        long v = number();
        if (which == 1) promptTokens = v;
        else if (which == 2) completionTokens = v;
        else totalTokens = v;
      } else {
        skipValue();
      }
    } while (nextMember('}'));
  }

  /** The first element if it is an object (read), then the rest of the array (skipped). */
  private void choices() {
    i++; // [
    if (emptyContainer(']')) return;
    if (peek() == '{') firstChoice();
    else skipValue();
    while (nextMember(']')) skipValue();
  }

  private void firstChoice() {
    i++; // {
    if (emptyContainer('}')) return;
    do {
      key();
      if (is(FINISH_REASON) && peek() == '"') {
        i++;
        string();
        finishReason = text();
      } else if (is(MESSAGE) && peek() == '{') {
        message();
      } else {
        skipValue();
      }
    } while (nextMember('}'));
  }

  private void message() {
    i++; // {
    if (emptyContainer('}')) return;
    do {
      key();
      if (is(TOOL_CALLS) && peek() == '[') {
        i++;
        int n = 0;
        if (!emptyContainer(']')) {
          do {
            skipValue();
            n++;
          } while (nextMember(']'));
        }
        toolCalls = n;
      } else {
        skipValue();
      }
    } while (nextMember('}'));
  }

  // ---- the lexical layer

  /** After an opening bracket: true (and past it) when {@code close} follows at once. */
  private boolean emptyContainer(char close) {
    ws();
    if (i < end && b[i] == close) {
      i++;
      return true;
    }
    return false;
  }

  /** After a member or element: true past a comma, false past {@code close}, else malformed. */
  private boolean nextMember(char close) {
    ws();
    if (i >= end) throw MALFORMED;
    byte c = b[i++];
    if (c == ',') return true;
    if (c == close) return false;
    throw MALFORMED;
  }

  /** A member's name and its colon; the name is left in {@link #strStart}..{@link #strEnd}. */
  private void key() {
    ws();
    if (i >= end || b[i] != '"') throw MALFORMED;
    i++;
    string();
    ws();
    if (i >= end || b[i] != ':') throw MALFORMED;
    i++;
    ws();
  }

  /** The next byte as a char, whitespace skipped, or 0 at the end. */
  private char peek() {
    ws();
    return i < end ? (char) (b[i] & 0xff) : 0;
  }

  /** Whether the last string equals the ASCII {@code name} (decoded first when it had escapes). */
  private boolean is(byte[] name) {
    if (strEscaped) return text().equals(new String(name, StandardCharsets.US_ASCII));
    if (strEnd - strStart != name.length) return false;
    for (int k = 0; k < name.length; k++) {
      if (b[strStart + k] != name[k]) return false;
    }
    return true;
  }

  /** Past the opening quote: finds the closing one, noting escapes; control characters are malformed. */
  private void string() {
    strStart = i;
    strEscaped = false;
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        strEnd = i++;
        return;
      }
      if (c == '\\') {
        strEscaped = true;
        i += 2;
        continue;
      }
      if ((c & 0xff) < 0x20) throw MALFORMED;
      i++;
    }
    throw MALFORMED;
  }

  /** The last string's text, escapes decoded. */
  private String text() {
    if (!strEscaped) return new String(b, strStart, strEnd - strStart, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(strEnd - strStart);
    int run = strStart;
    int k = strStart;
    while (k < strEnd) {
      if (b[k] != '\\') {
        k++;
        continue;
      }
      if (k > run) out.append(new String(b, run, k - run, StandardCharsets.UTF_8));
      if (k + 1 >= strEnd) throw MALFORMED;
      byte e = b[k + 1];
      k += 2;
      switch (e) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '/' -> out.append('/');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (k + 4 > strEnd) throw MALFORMED;
          int v = 0;
          for (int h = 0; h < 4; h++) v = (v << 4) | hex(b[k + h]);
          out.append((char) v);
          k += 4;
        }
        default -> throw MALFORMED;
      }
      run = k;
    }
    if (strEnd > run) out.append(new String(b, run, strEnd - run, StandardCharsets.UTF_8));
    return out.toString();
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw MALFORMED;
  }

  /** A JSON number as Jackson's {@code getNumberValue().longValue()} gives it. */
  private long number() {
    int start = i;
    boolean fraction = false;
    if (b[i] == '-') i++;
    int intStart = i;
    digits();
    if (b[intStart] == '0' && i - intStart > 1) throw MALFORMED; // no leading zeros
    if (i < end && b[i] == '.') {
      fraction = true;
      i++;
      digits();
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      fraction = true;
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) i++;
      digits();
    }
    // A number runs into the next token only through a structural character or whitespace.
    if (i < end && !(b[i] == ',' || b[i] == '}' || b[i] == ']' || isWs(b[i]))) throw MALFORMED;
    String s = new String(b, start, i - start, StandardCharsets.US_ASCII);
    if (fraction) return (long) Double.parseDouble(s);
    return i - start <= 18 ? Long.parseLong(s) : new BigInteger(s).longValue();
  }

  private void digits() {
    int from = i;
    while (i < end && b[i] >= '0' && b[i] <= '9') i++;
    if (i == from) throw MALFORMED;
  }

  /** Skips one value of any kind, containers iteratively (no recursion, depth bounded). */
  private void skipValue() {
    ws();
    if (i >= end) throw MALFORMED;
    byte c = b[i];
    if (c == '{' || c == '[') {
      skipContainer();
    } else if (c == '"') {
      i++;
      string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      number();
    } else if (c == 't') {
      literal("true");
    } else if (c == 'f') {
      literal("false");
    } else if (c == 'n') {
      literal("null");
    } else {
      throw MALFORMED;
    }
  }

  /**
   * Skips an object or array: strings skipped whole (brackets inside them do not count), brackets matched by
   * kind on a bit stack for the first 64 levels and counted beyond, up to {@link #MAX_DEPTH}.
   */
  private void skipContainer() {
    int depth = 0;
    long objects = 0; // bit d set: level d is an object
    while (i < end) {
      byte c = b[i++];
      switch (c) {
        case '{', '[' -> {
          if (++depth > MAX_DEPTH) throw MALFORMED;
          if (depth <= 64) objects = c == '{' ? objects | (1L << (depth - 1)) : objects & ~(1L << (depth - 1));
        }
        case '}', ']' -> {
          if (depth <= 64 && ((objects >>> (depth - 1)) & 1) != (c == '}' ? 1 : 0)) throw MALFORMED;
          if (--depth == 0) return;
        }
        case '"' -> string();
        default -> { }
      }
    }
    throw MALFORMED;
  }

  private void literal(String word) {
    if (i + word.length() > end) throw MALFORMED;
    for (int k = 0; k < word.length(); k++) {
      if (b[i + k] != word.charAt(k)) throw MALFORMED;
    }
    i += word.length();
  }

  private void ws() {
    while (i < end && isWs(b[i])) i++;
  }

  private static boolean isWs(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  private void skipBom() {
    if (end - i >= 3 && (b[i] & 0xff) == 0xEF && (b[i + 1] & 0xff) == 0xBB && (b[i + 2] & 0xff) == 0xBF) i += 3;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
