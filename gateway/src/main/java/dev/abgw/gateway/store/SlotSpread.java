package dev.abgw.gateway.store;

import java.nio.charset.StandardCharsets;

/**
 * Hash tags that spread an experiment's shards evenly over Redis Cluster's 16,384 slots.
 *
 * <p>A cluster serves a key from the master that owns {@code slot = CRC16(tag) mod 16384} (CRC-16/XMODEM, the
 * Redis Cluster specification, "Keys distribution model"). The tags {@code E:0}, {@code E:1}, ... differ in one
 * character, and CRC16 of such strings is far from uniform: for {@code report-bench:0..15} ten of sixteen slots
 * fell in one third of the slot space, so on three masters with the usual equal slot ranges one master did 10/16
 * of the ingest. Here shard {@code s} of {@code N} gets the tag {@code base:s} when its slot lies in the
 * {@code s}-th of {@code N} equal slot ranges, {@code [s * 16384 / N, (s + 1) * 16384 / N)}, and otherwise
 * {@code base:s:k} for the smallest {@code k >= 1} whose slot does. Any slot map that gives masters contiguous,
 * roughly equal ranges then gets {@code N / masters} shards per master (within one). With {@code N = 1} the range
 * is every slot, so the tag is always {@code base:0}: one Redis keeps its keys as before.
 *
 * <p>A tag depends only on {@code (base, s, N)}: every process, version and machine finds the same keys. For
 * {@code N <= 16384} a suffix is found after about {@code N} tries on average (each try lands in the range with
 * probability {@code 1/N}); the search is bounded and falls back to {@code base:s}, still correct, only unspread.
 */
final class SlotSpread {
  static final int SLOTS = 16_384;
  private static final int MAX_TRIES = 1_000_000;

  private SlotSpread() {}

  /** The hash tag (without braces) of shard {@code shard} of {@code shards} for {@code base}. */
  static String tag(String base, int shard, int shards) {
    if (shards < 1 || shard < 0 || shard >= shards) {
      throw new IllegalArgumentException("shard must be in [0, " + shards + ") (was " + shard + ")");
    }
    String plain = base + ":" + shard;
    if (inRange(slot(plain), shard, shards)) return plain;
    for (int k = 1; k <= MAX_TRIES; k++) {
      String candidate = plain + ":" + k;
      if (inRange(slot(candidate), shard, shards)) return candidate;
    }
    return plain;
  }

  private static boolean inRange(int slot, int shard, int shards) {
    long from = (long) shard * SLOTS / shards;
    long to = (long) (shard + 1) * SLOTS / shards;
    return slot >= from && slot < to;
  }

  /** The cluster slot of a key whose whole name is the tag: {@code CRC16(UTF-8 tag) mod 16384}. */
  static int slot(String tag) {
    return crc16(tag.getBytes(StandardCharsets.UTF_8)) % SLOTS;
  }

  /** CRC-16/XMODEM (polynomial 0x1021, initial value 0, no reflection), as in the Redis Cluster specification. */
  static int crc16(byte[] bytes) {
    int crc = 0;
    for (byte b : bytes) {
      crc ^= (b & 0xff) << 8;
      for (int i = 0; i < 8; i++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xffff;
    }
    return crc;
  }
}
