package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Expected values come from the reference C implementation (Debian's python3-xxhash 3.2.0 and xxhsum 0.8.1),
 * not from this code, so a change of algorithm or byte order is caught.
 */
class XxHash64Test {

  private static final long INCLUSION_SEED = Assigner.INCLUSION_SEED;

  @Test
  void matches_reference_implementation_on_short_inputs() {
    assertThat(XxHash64.hash(new byte[0], 0)).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(XxHash64.hash(bytes("a"), 0)).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(XxHash64.hash(bytes("abc"), 0)).isEqualTo(0x44BC2CF5AD770999L);
    assertThat(XxHash64.hash(bytes("abc"), INCLUSION_SEED)).isEqualTo(0x8BB102BA40FA936BL);
  }

  @Test
  void matches_reference_implementation_on_inputs_longer_than_one_stripe() {
    byte[] data = new byte[100];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    assertThat(XxHash64.hash(data, 0)).isEqualTo(0x6AC1E58032166597L);
    assertThat(XxHash64.hash(data, INCLUSION_SEED)).isEqualTo(0xC45891CB599AA929L);
  }

  @Test
  void hashes_salt_zero_byte_and_unit_id_as_utf8() {
    assertThat(XxHash64.hashUnit("support-prompt-v2", "user-42", 0)).isEqualTo(0xF2BC04F2D9EB0426L);
    assertThat(XxHash64.hashUnit("support-prompt-v2", "user-42", INCLUSION_SEED)).isEqualTo(0xB2B058144AF0CDCEL);
    assertThat(XxHash64.hashUnit("a-much-longer-salt-for-testing-lanes", "and-a-long-unit-id-0123456789", 0))
        .isEqualTo(0x7A801EFB7985DEDAL);
    assertThat(XxHash64.hashUnit("sel-\u00e9\uD83D\uDE00", "\u00fcnit-\u4e2d", 0)).isEqualTo(0xBDE6A26597F40713L);
  }

  @Test
  void char_path_equals_byte_path_for_random_strings_of_every_length() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 5000; i++) {
      String salt = randomString(rnd, rnd.nextInt(0, 70), i % 3 == 0);
      String unit = randomString(rnd, rnd.nextInt(0, 70), i % 5 == 0);
      long seed = rnd.nextLong();
      assertThat(XxHash64.hashUnit(salt, unit, seed))
          .as("salt=%s unit=%s", salt, unit)
          .isEqualTo(XxHash64.hashUnitReference(salt, unit, seed));
    }
  }

  @Test
  void encodes_unpaired_surrogates_like_string_get_bytes() {
    String lone = "x\uD800y";
    assertThat(XxHash64.hashUnit(lone, "\uDC00", 0)).isEqualTo(XxHash64.hashUnitReference(lone, "\uDC00", 0));
  }

  private static String randomString(SplittableRandom rnd, int len, boolean unicode) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      if (!unicode) {
        sb.append((char) rnd.nextInt(0x20, 0x7F));
      } else {
        switch (rnd.nextInt(5)) {
          case 0 -> sb.append((char) rnd.nextInt(0x80, 0x800));
          case 1 -> sb.append((char) rnd.nextInt(0x800, 0xD800));
          case 2 -> sb.appendCodePoint(rnd.nextInt(0x10000, 0x110000));
          case 3 -> sb.append((char) rnd.nextInt(0xD800, 0xE000)); // lone surrogate
          default -> sb.append((char) rnd.nextInt(0, 0x80));
        }
      }
    }
    return sb.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
