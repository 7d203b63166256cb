package dev.abgw.analysis.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

  @Test
  void writes_what_instant_to_string_writes() {
    long[] edges = {0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, -1, -86_400_001, 1_764_590_460_000L,
        1_764_590_460_120L, 253_402_300_799_999L, 253_402_300_800_000L, -62_167_219_200_000L, -62_167_219_200_001L,
        Long.MAX_VALUE / 1000, Long.MIN_VALUE / 1000};
    for (long ms : edges) {
      assertThat(IsoInstant.format(ms)).as("millis %d", ms).isEqualTo(Instant.ofEpochMilli(ms).toString());
    }
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 0; i < 100_000; i++) {
      // Mostly days near now (the cached day is reused and replaced), some anywhere in 0000 to 9999.
      long ms = i % 10 == 0 ? random.nextLong(-62_167_219_200_000L, 253_402_300_800_000L)
          : 1_764_590_460_000L + random.nextLong(-3 * 86_400_000L, 3 * 86_400_000L);
      assertThat(IsoInstant.format(ms)).as("millis %d", ms).isEqualTo(Instant.ofEpochMilli(ms).toString());
    }
  }
}
