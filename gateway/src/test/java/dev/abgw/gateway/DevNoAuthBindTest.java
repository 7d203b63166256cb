package dev.abgw.gateway;

import dev.abgw.gateway.config.Safeguards;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An admin API without a token is refused unless it binds to loopback. */
class DevNoAuthBindTest {
  private static GatewayConfig config(String adminBind, String token) {
    return new GatewayConfig("127.0.0.1", 0, adminBind, 0, null, null, "abgw", Path.of("data"), null, token,
        token == null, Duration.ofHours(1), 1_000_000, 1024, 1, Safeguards.defaults(), null, null);
  }

  @Test
  void refuses_dev_no_auth_on_every_interface() {
    for (String bind : new String[] {"0.0.0.0", "::", "192.168.1.5", "127.0.0.1.evil.example", "example.com"}) {
      assertThatThrownBy(() -> config(bind, null)).hasMessageContaining("--dev-no-auth needs the admin API on a loopback")
          .hasMessageContaining(bind);
    }
  }

  @Test
  void allows_dev_no_auth_on_loopback_and_any_bind_with_a_token() {
    for (String bind : new String[] {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"}) {
      assertThat(config(bind, null).adminBindHost()).isEqualTo(bind);
    }
    assertThat(config("0.0.0.0", "a-token-of-16-chars-or-more").adminBindHost()).isEqualTo("0.0.0.0");
  }
}
