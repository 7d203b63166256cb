package dev.abgw.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cluster the store's cluster tests run on: three masters that agree the cluster is ok, gone after stop. */
class TestRedisClusterTest {

  @Test
  void starts_three_masters_that_cover_every_slot_and_stops_them() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("REDIS_CLUSTER_URL") == null, "a cluster of REDIS_CLUSTER_URL is not ours to stop");
    String url = TestRedisCluster.url();
    assertThat(url).startsWith("redis+cluster://127.0.0.1:");
    var nodes = TestRedisCluster.nodeUrls();
    assertThat(nodes).hasSize(3);
    for (String node : nodes) {
      int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
      String info = RedisPing.command("127.0.0.1", port, "CLUSTER INFO");
      assertThat(info).contains("cluster_state:ok").contains("cluster_slots_assigned:16384")
          .contains("cluster_known_nodes:3");
    }
    TestRedisCluster.stop();
    for (String node : nodes) {
      int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
      assertThat(RedisPing.answers("127.0.0.1", port)).isFalse();
    }
  }
}
