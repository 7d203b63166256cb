package dev.abgw.experiments;

import java.nio.charset.StandardCharsets;

/**
 * xxHash64 (Yann Collet, https://github.com/Cyan4973/xxHash, XXH64 specification), a fixed, portable 64-bit
 * hash: the same input gives the same value on every JVM and machine.
 *
 * <p>{@link #hashUnit(String, String, long)} hashes the byte sequence {@code UTF-8(salt) || 0x00 || UTF-8(unitId)}
 * without building it: when both strings are ASCII (the usual case for ids) bytes are read straight from the
 * chars; otherwise the sequence is encoded into a per-thread buffer that is reused. Unpaired surrogates
 * encode as {@code '?'}, exactly as {@link String#getBytes(java.nio.charset.Charset)} does, so the result always
 * equals {@code hash(bytes, seed)} of those bytes.
 */
final class XxHash64 {

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private static final ThreadLocal<byte[][]> BUFFER = ThreadLocal.withInitial(() -> new byte[][] {new byte[256]});

  private XxHash64() {}

  /** XXH64 of {@code data} with {@code seed}. */
  static long hash(byte[] data, long seed) {
    return hash(data, data.length, seed);
  }

  /** XXH64 of {@code UTF-8(salt) || 0x00 || UTF-8(unitId)} with {@code seed}. */
  static long hashUnit(String salt, String unitId, long seed) {
    if (isAscii(salt) && isAscii(unitId)) {
      return hashAscii(salt, unitId, seed);
    }
    byte[][] holder = BUFFER.get();
    int max = 3 * (salt.length() + unitId.length()) + 1; // a UTF-16 char never needs more than 3 UTF-8 bytes
    if (holder[0].length < max) {
      holder[0] = new byte[Math.max(max, 2 * holder[0].length)];
    }
    byte[] buf = holder[0];
    int n = encode(salt, buf, 0);
    buf[n++] = 0;
    n = encode(unitId, buf, n);
    return hash(buf, n, seed);
  }

  private static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** UTF-8 encodes {@code s} into {@code buf} at {@code pos}; returns the new position. */
  private static int encode(String s, byte[] buf, int pos) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        buf[pos++] = (byte) c;
      } else if (c < 0x800) {
        buf[pos++] = (byte) (0xC0 | (c >> 6));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[pos++] = (byte) (0xF0 | (cp >> 18));
          buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          buf[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          buf[pos++] = '?';
        }
      } else {
        buf[pos++] = (byte) (0xE0 | (c >> 12));
        buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return pos;
  }

  static long hash(byte[] b, int len, long seed) {
    int p = 0;
    long h;
    if (len >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      int limit = len - 32;
      do {
        v1 = round(v1, lane(b, p));
        v2 = round(v2, lane(b, p + 8));
        v3 = round(v3, lane(b, p + 16));
        v4 = round(v4, lane(b, p + 24));
        p += 32;
      } while (p <= limit);
      h = converge(v1, v2, v3, v4);
    } else {
      h = seed + P5;
    }
    h += len;
    for (; p + 8 <= len; p += 8) {
      h = mixLane(h, lane(b, p));
    }
    if (p + 4 <= len) {
      h = mixInt(h, int32(b, p));
      p += 4;
    }
    for (; p < len; p++) {
      h = mixByte(h, b[p] & 0xFF);
    }
    return avalanche(h);
  }

  /** Same algorithm as {@link #hash(byte[], int, long)}, reading byte {@code i} of {@code a || 0 || c} from chars. */
  private static long hashAscii(String a, String c, long seed) {
    int al = a.length();
    int len = al + 1 + c.length();
    int p = 0;
    long h;
    if (len >= 32) {
      long v1 = seed + P1 + P2;
      long v2 = seed + P2;
      long v3 = seed;
      long v4 = seed - P1;
      int limit = len - 32;
      do {
        v1 = round(v1, lane(a, al, c, p));
        v2 = round(v2, lane(a, al, c, p + 8));
        v3 = round(v3, lane(a, al, c, p + 16));
        v4 = round(v4, lane(a, al, c, p + 24));
        p += 32;
      } while (p <= limit);
      h = converge(v1, v2, v3, v4);
    } else {
      h = seed + P5;
    }
    h += len;
    for (; p + 8 <= len; p += 8) {
      h = mixLane(h, lane(a, al, c, p));
    }
    if (p + 4 <= len) {
      long k = byteAt(a, al, c, p) | (byteAt(a, al, c, p + 1) << 8) | (byteAt(a, al, c, p + 2) << 16)
          | (byteAt(a, al, c, p + 3) << 24);
      h = mixInt(h, k);
      p += 4;
    }
    for (; p < len; p++) {
      h = mixByte(h, (int) byteAt(a, al, c, p));
    }
    return avalanche(h);
  }

  private static long byteAt(String a, int al, String c, int i) {
    if (i < al) {
      return a.charAt(i);
    }
    return i == al ? 0 : c.charAt(i - al - 1);
  }

  private static long lane(String a, int al, String c, int p) {
    if (p + 8 <= al) {
      return a.charAt(p) | ((long) a.charAt(p + 1) << 8) | ((long) a.charAt(p + 2) << 16) | ((long) a.charAt(p + 3) << 24)
          | ((long) a.charAt(p + 4) << 32) | ((long) a.charAt(p + 5) << 40) | ((long) a.charAt(p + 6) << 48)
          | ((long) a.charAt(p + 7) << 56);
    }
    if (p > al) {
      int q = p - al - 1;
      return c.charAt(q) | ((long) c.charAt(q + 1) << 8) | ((long) c.charAt(q + 2) << 16) | ((long) c.charAt(q + 3) << 24)
          | ((long) c.charAt(q + 4) << 32) | ((long) c.charAt(q + 5) << 40) | ((long) c.charAt(q + 6) << 48)
          | ((long) c.charAt(q + 7) << 56);
    }
    long k = 0;
    for (int i = 7; i >= 0; i--) {
      k = (k << 8) | byteAt(a, al, c, p + i);
    }
    return k;
  }

  private static long lane(byte[] b, int p) {
    return (b[p] & 0xFFL) | ((b[p + 1] & 0xFFL) << 8) | ((b[p + 2] & 0xFFL) << 16) | ((b[p + 3] & 0xFFL) << 24)
        | ((b[p + 4] & 0xFFL) << 32) | ((b[p + 5] & 0xFFL) << 40) | ((b[p + 6] & 0xFFL) << 48) | ((b[p + 7] & 0xFFL) << 56);
  }

  private static long int32(byte[] b, int p) {
    return (b[p] & 0xFFL) | ((b[p + 1] & 0xFFL) << 8) | ((b[p + 2] & 0xFFL) << 16) | ((b[p + 3] & 0xFFL) << 24);
  }

  private static long round(long acc, long input) {
    return Long.rotateLeft(acc + input * P2, 31) * P1;
  }

  private static long converge(long v1, long v2, long v3, long v4) {
    long h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
    h = (h ^ round(0, v1)) * P1 + P4;
    h = (h ^ round(0, v2)) * P1 + P4;
    h = (h ^ round(0, v3)) * P1 + P4;
    return (h ^ round(0, v4)) * P1 + P4;
  }

  private static long mixLane(long h, long k) {
    return Long.rotateLeft(h ^ round(0, k), 27) * P1 + P4;
  }

  private static long mixInt(long h, long k) {
    return Long.rotateLeft(h ^ (k * P1), 23) * P2 + P3;
  }

  private static long mixByte(long h, int b) {
    return Long.rotateLeft(h ^ (b * P5), 11) * P1;
  }

  private static long avalanche(long h) {
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    return h ^ (h >>> 32);
  }

  /** Reference path, for tests: hash of the UTF-8 bytes built the obvious way. */
  static long hashUnitReference(String salt, String unitId, long seed) {
    byte[] s = salt.getBytes(StandardCharsets.UTF_8);
    byte[] u = unitId.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[s.length + 1 + u.length];
    System.arraycopy(s, 0, all, 0, s.length);
    System.arraycopy(u, 0, all, s.length + 1, u.length);
    return hash(all, seed);
  }
}
