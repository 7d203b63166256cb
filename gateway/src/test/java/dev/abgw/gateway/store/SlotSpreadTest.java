package dev.abgw.gateway.store;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abgw.testsupport.TestRedisCluster;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestRedisCluster.class)
class SlotSpreadTest {

  @Test
  void crc16_is_xmodem_with_the_specifications_check_value() {
    // Redis Cluster specification, appendix A: CRC16("123456789") = 0x31C3.
    assertThat(SlotSpread.crc16("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x31C3);
    assertThat(SlotSpread.crc16(new byte[0])).isZero();
  }

  @Test
  void slots_agree_with_a_real_cluster() {
    Vertx vertx = Vertx.vertx();
    try {
      Redis redis = Redis.createClient(vertx, TestRedisCluster.nodeUrls().get(0));
      for (String tag : List.of("support-prompt:0", "support-prompt:15:3", "ctx:7", "é-ünit:1", "a", "report-bench:9")) {
        long real = await(redis.send(Request.cmd(Command.CLUSTER).arg("KEYSLOT").arg(tag))).toLong();
        assertThat(SlotSpread.slot(tag)).as(tag).isEqualTo((int) real);
      }
      await(redis.close());
    } finally {
      vertx.close();
    }
  }

  @Test
  void shard_s_of_n_lands_in_the_s_th_of_n_equal_slot_ranges() {
    for (int n : List.of(2, 3, 6, 16, 64)) {
      for (String base : List.of("report-bench", "support-prompt", "ctx", "x")) {
        Set<String> tags = new HashSet<>();
        for (int s = 0; s < n; s++) {
          String tag = SlotSpread.tag(base, s, n);
          assertThat(tag).startsWith(base + ":" + s);
          int slot = SlotSpread.slot(tag);
          assertThat(slot).as(tag).isGreaterThanOrEqualTo(s * SlotSpread.SLOTS / n).isLessThan((s + 1) * SlotSpread.SLOTS / n);
          tags.add(tag);
        }
        assertThat(tags).hasSize(n);
      }
    }
  }

  @Test
  void three_equal_masters_get_a_third_of_the_shards_each() {
    // The layout redis-cli --cluster create makes for 3 masters: slots 0-5460, 5461-10922, 10923-16383.
    int[] perMaster = new int[3];
    for (int s = 0; s < 16; s++) {
      int slot = SlotSpread.slot(SlotSpread.tag("report-bench", s, 16));
      perMaster[slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2]++;
    }
    // Shards 5 and 10 straddle a boundary (their ranges are 5120-6143 and 10240-11263); the others are fixed.
    for (int m = 0; m < 3; m++) assertThat(perMaster[m]).as("master " + m).isBetween(5, 6);
    assertThat(perMaster[0] + perMaster[1] + perMaster[2]).isEqualTo(16);
  }

  @Test
  void one_shard_keeps_the_plain_tag_and_a_tag_never_changes() {
    assertThat(SlotSpread.tag("support-prompt", 0, 1)).isEqualTo("support-prompt:0");
    // A tag is part of the stored key names: these must never change (an existing store's shards would vanish).
    assertThat(SlotSpread.tag("report-bench", 5, 16)).isEqualTo("report-bench:5:11");
    assertThat(SlotSpread.tag("report-bench", 10, 16)).isEqualTo("report-bench:10");
    assertThatThrownBy(() -> SlotSpread.tag("e", 3, 3)).hasMessageContaining("shard must be in [0, 3) (was 3)");
  }
}
