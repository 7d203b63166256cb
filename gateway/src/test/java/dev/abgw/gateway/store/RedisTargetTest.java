package dev.abgw.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.redis.client.RedisClientType;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisTargetTest {

  @Test
  void one_url_is_one_redis() {
    RedisTarget t = RedisTarget.parse("redis://127.0.0.1:6379/2");
    assertThat(t.cluster()).isFalse();
    assertThat(t.seeds()).containsExactly("redis://127.0.0.1:6379/2");
    assertThat(t.options().getType()).isEqualTo(RedisClientType.STANDALONE);
  }

  @Test
  void redis_cluster_scheme_names_the_seeds_and_carries_the_credentials_to_each() {
    RedisTarget t = RedisTarget.parse("redis+cluster://user:secret@10.0.0.1:7000,10.0.0.2:7001");
    assertThat(t.cluster()).isTrue();
    assertThat(t.seeds()).containsExactly("redis://user:secret@10.0.0.1:7000", "redis://user:secret@10.0.0.2:7001");
    assertThat(t.options().getType()).isEqualTo(RedisClientType.CLUSTER);
    assertThat(t.options().getEndpoints()).containsExactlyElementsOf(t.seeds());
    assertThat(RedisTarget.parse("rediss+cluster://h:1").seeds()).containsExactly("rediss://h:1");
  }

  @Test
  void several_urls_are_the_seeds_of_a_cluster() {
    RedisTarget t = RedisTarget.parse("redis://a:7000, redis://b:7000");
    assertThat(t.cluster()).isTrue();
    assertThat(t.seeds()).isEqualTo(List.of("redis://a:7000", "redis://b:7000"));
  }

  @Test
  void a_malformed_value_names_the_flag_and_hides_the_password() {
    assertThatThrownBy(() -> RedisTarget.parse("redis://u:pw@a:1,b:2"))
        .hasMessageContaining("--redis").hasMessageContaining("redis:// or rediss://").hasMessageNotContaining("pw");
    assertThatThrownBy(() -> RedisTarget.parse("redis+cluster://a:1,,b:2")).hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> RedisTarget.parse(" ")).hasMessageContaining("--redis must not be empty");
  }
}
