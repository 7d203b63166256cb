package dev.abgw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abgw.gateway.build.BuildInfo;
import dev.abgw.gateway.GatewayConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every serve setting from flag, environment ({@code ABGW_<FLAG>}) or the --config file, in that precedence. */
class ConfigPrecedenceTest {
  private static final String TOKEN = "config-test-token-0123456789";

  @TempDir
  Path dir;

  @Test
  void flag_beats_environment_beats_file_beats_default() throws Exception {
    Path file = Files.writeString(dir.resolve("abgw.yaml"), """
        port: 1111
        admin-port: 2222
        redis-prefix: from-file
        event-loops: 3
        admin-token: %s
        """.formatted(TOKEN));
    Map<String, String> env = Map.of("ABGW_ADMIN_PORT", "3333", "ABGW_REDIS_PREFIX", "from-env",
        "ABGW_REDIS", "redis://127.0.0.1:6390");
    GatewayConfig cfg = ServeCommand.config(ServeCommand.settings(
        new String[] {"--config", file.toString(), "--redis-prefix", "from-flag"}, env));
    assertThat(cfg.port()).as("file").isEqualTo(1111);
    assertThat(cfg.adminPort()).as("environment over file").isEqualTo(3333);
    assertThat(cfg.redisPrefix()).as("flag over environment and file").isEqualTo("from-flag");
    assertThat(cfg.redisUrl()).as("environment").isEqualTo("redis://127.0.0.1:6390");
    assertThat(cfg.proxyInstances()).as("file").isEqualTo(3);
    assertThat(cfg.adminToken()).as("secret from the file").isEqualTo(TOKEN);
    assertThat(cfg.bindHost()).as("default").isEqualTo("0.0.0.0");
    assertThat(cfg.adminBindHost()).as("default").isEqualTo("127.0.0.1");
  }

  @Test
  void a_json_file_and_the_config_path_from_the_environment_work_too() throws Exception {
    Path file = Files.writeString(dir.resolve("abgw.json"), """
        {"port": 4444, "dev-no-auth": true, "retention-hours": 2}
        """);
    GatewayConfig cfg = ServeCommand.config(ServeCommand.settings(new String[0], Map.of("ABGW_CONFIG", file.toString())));
    assertThat(cfg.port()).isEqualTo(4444);
    assertThat(cfg.devNoAuth()).isTrue();
    assertThat(cfg.retention().toHours()).isEqualTo(2);
  }

  @Test
  void a_switch_in_the_file_is_turned_off_by_the_environment_and_on_by_the_flag() throws Exception {
    Path file = Files.writeString(dir.resolve("abgw.yaml"), "dev-no-auth: true\n");
    Map<String, String> env = Map.of("ABGW_DEV_NO_AUTH", "false", "ABGW_ADMIN_TOKEN", TOKEN);
    assertThat(ServeCommand.settings(new String[] {"--config", file.toString()}, env).has("--dev-no-auth")).isFalse();
    assertThat(ServeCommand.settings(new String[] {"--config", file.toString(), "--dev-no-auth"}, env).has("--dev-no-auth"))
        .isTrue();
  }

  @Test
  void redis_url_is_read_when_abgw_redis_is_unset() {
    GatewayConfig legacy = ServeCommand.config(ServeCommand.settings(new String[] {"--dev-no-auth"},
        Map.of("REDIS_URL", "redis://127.0.0.1:6391")));
    assertThat(legacy.redisUrl()).isEqualTo("redis://127.0.0.1:6391");
    GatewayConfig both = ServeCommand.config(ServeCommand.settings(new String[] {"--dev-no-auth"},
        Map.of("REDIS_URL", "redis://127.0.0.1:6391", "ABGW_REDIS", "redis://127.0.0.1:6392")));
    assertThat(both.redisUrl()).isEqualTo("redis://127.0.0.1:6392");
  }

  @Test
  void redis_takes_a_cluster_and_a_shard_count_and_names_a_malformed_value() {
    GatewayConfig cfg = ServeCommand.config(ServeCommand.settings(new String[] {"--dev-no-auth",
        "--redis", "redis+cluster://10.0.0.1:7000,10.0.0.2:7000", "--redis-shards", "8"}, Map.of()));
    assertThat(cfg.redisUrl()).isEqualTo("redis+cluster://10.0.0.1:7000,10.0.0.2:7000");
    assertThat(cfg.redisShards()).isEqualTo(8);
    assertThat(ServeCommand.config(ServeCommand.settings(new String[] {"--dev-no-auth"}, Map.of())).redisShards())
        .isEqualTo(dev.abgw.gateway.store.RedisEventStore.AUTO_SHARDS);
    assertThatThrownBy(() -> ServeCommand.config(ServeCommand.settings(new String[] {"--dev-no-auth",
        "--redis", "redis://a:1,b:2"}, Map.of())))
        .isInstanceOf(Flags.UsageException.class).hasMessageContaining("--redis with several seeds");
    assertThatThrownBy(() -> ServeCommand.config(ServeCommand.settings(new String[] {"--dev-no-auth",
        "--redis-shards", "0"}, Map.of())))
        .isInstanceOf(Flags.UsageException.class).hasMessage("--redis-shards must be between 1 and 1024 (was 0)");
  }

  @Test
  void errors_name_the_variable_or_the_file_and_key() throws Exception {
    assertThatThrownBy(() -> ServeCommand.config(ServeCommand.settings(new String[] {"--dev-no-auth"},
        Map.of("ABGW_PORT", "eighty"))))
        .isInstanceOf(Flags.UsageException.class).hasMessage("ABGW_PORT must be a whole number (was \"eighty\")");
    Path file = Files.writeString(dir.resolve("bad.yaml"), "admin-port: 70000\n");
    assertThatThrownBy(() -> ServeCommand.config(ServeCommand.settings(new String[] {"--dev-no-auth", "--config",
        file.toString()}, Map.of())))
        .hasMessage("bad.yaml: admin-port must be between 0 and 65535 (was 70000)");
    Path typo = Files.writeString(dir.resolve("typo.yaml"), "admin_port: 9000\n");
    assertThatThrownBy(() -> ServeCommand.settings(new String[] {"--config", typo.toString()}, Map.of()))
        .isInstanceOf(Flags.UsageException.class).hasMessageStartingWith(typo + ": unknown setting admin_port (known: ");
    assertThatThrownBy(() -> ServeCommand.settings(new String[] {"--config", dir.resolve("none.yaml").toString()}, Map.of()))
        .hasMessage("--config " + dir.resolve("none.yaml") + ": no such file");
  }

  @Test
  void the_admin_token_is_not_accepted_on_the_command_line() {
    assertThatThrownBy(() -> ServeCommand.settings(new String[] {"--admin-token", TOKEN}, Map.of()))
        .isInstanceOf(Flags.UsageException.class).hasMessageStartingWith("unknown argument --admin-token");
  }

  @Test
  void version_prints_the_maven_project_version_and_h_is_help() throws Exception {
    assertThat(BuildInfo.version()).matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?");
    assertThat(stdout("--version")).isEqualTo("abgw " + BuildInfo.version() + "\n");
    assertThat(stdout("-h")).isEqualTo(stdout("--help"));
    assertThat(stdout("serve", "-h")).isEqualTo(ServeCommand.HELP);
  }

  private static String stdout(String... args) throws Exception {
    PrintStream before = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Main.run(args);
    } finally {
      System.setOut(before);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
