package dev.abgw.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The "start my own" path, forced, whatever runs on 6379: on a fresh machine it is the path every Redis
 * test takes, so it is proved here on every run and not only where nothing answers on 6379.
 */
class TestRedisTest {

  @AfterEach
  void restoreMode() {
    System.clearProperty(TestRedis.MODE_PROPERTY);
    TestRedis.stop();
  }

  @Test
  void starts_a_private_redis_server_on_a_free_loopback_port_and_stops_it_on_close() {
    RedisServerProcess server = RedisServerProcess.start("redis-server");
    try {
      assertThat(server.port()).isNotEqualTo(6379);
      assertThat(RedisPing.answers("127.0.0.1", server.port())).isTrue();
      assertThat(RedisPing.processId("127.0.0.1", server.port())).isEqualTo(server.pid());
      assertThat(Files.isDirectory(server.dir())).isTrue();
    } finally {
      server.close();
    }
    assertThat(server.isAlive()).isFalse();
    assertThat(RedisPing.answers("127.0.0.1", server.port())).isFalse();
    assertThat(Files.exists(server.dir())).isFalse();
  }

  @Test
  void a_port_another_server_already_holds_is_never_taken_for_ours() {
    try (RedisServerProcess first = RedisServerProcess.start("redis-server")) {
      assertThatThrownBy(() -> RedisServerProcess.startOnce("redis-server", first.port()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not come up on 127.0.0.1:" + first.port() + " (it exited)");
      assertThat(first.isAlive()).isTrue();
      assertThat(RedisPing.processId("127.0.0.1", first.port())).isEqualTo(first.pid());
    }
  }

  @Test
  void spawn_mode_starts_its_own_server_even_when_one_answers_elsewhere() {
    System.setProperty(TestRedis.MODE_PROPERTY, "spawn");
    TestRedis.stop();
    String url = TestRedis.url();
    RedisServerProcess started = TestRedis.started();
    assertThat(started).isNotNull();
    assertThat(url).isEqualTo("redis://127.0.0.1:" + started.port());
    assertThat(URI.create(url).getPort()).isNotEqualTo(6379);
    assertThat(RedisPing.answers("127.0.0.1", started.port())).isTrue();
    assertThat(TestRedis.url()).as("one server per JVM").isEqualTo(url);

    TestRedis.stop();
    assertThat(started.isAlive()).isFalse();
  }

  @Test
  void an_unknown_mode_names_the_property_and_the_value() {
    System.setProperty(TestRedis.MODE_PROPERTY, "sometimes");
    TestRedis.stop();
    assertThatThrownBy(TestRedis::url)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-Dabgw.test.redis must be 'auto' or 'spawn' (was 'sometimes')");
  }

  @Test
  void a_missing_binary_says_how_to_install_it() {
    assertThatThrownBy(() -> RedisServerProcess.start("/nonexistent/redis-server"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot run '/nonexistent/redis-server'")
        .hasMessageContaining("sudo apt-get install -y redis-server");
  }
}
