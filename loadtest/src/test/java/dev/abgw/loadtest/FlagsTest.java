package dev.abgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.AgentFlags;
import dev.abgw.agents.LatencyModel;
import dev.abgw.agents.QualityModel;
import dev.abgw.agents.StallSchedule;
import dev.abgw.agents.TokenRange;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagsTest {

  @Test
  void parses_several_agents_separated_by_next() {
    List<AgentConfig> agents = AgentFlags.parse(new String[] {
        "--port", "9101", "--latency-ms", "50", "--quality", "0.7", "--segment-quality", "code=-0.2",
        "--next", "--name", "b", "--latency-median-ms", "80", "--latency-sigma", "0.3", "--tokens", "10-30",
        "--error-rate", "0.05", "--stall-every-ms", "1000", "--stall-ms", "100"});
    assertThat(agents).hasSize(2);
    AgentConfig a = agents.get(0);
    assertThat(a.port()).isEqualTo(9101);
    assertThat(a.latency()).isEqualTo(LatencyModel.fixed(50));
    assertThat(a.quality()).isEqualTo(QualityModel.of(0.7, Map.of("code", -0.2)));
    AgentConfig b = agents.get(1);
    assertThat(b.port()).isEqualTo(9102);
    assertThat(b.name()).isEqualTo("b");
    assertThat(b.latency()).isEqualTo(LatencyModel.lognormal(80, 0.3));
    assertThat(b.tokens()).isEqualTo(TokenRange.of(10, 30));
    assertThat(b.errorRate()).isEqualTo(0.05);
    assertThat(b.stall()).isEqualTo(StallSchedule.every(1000, 100));
    assertThat(b.seed()).isNotEqualTo(a.seed());
  }

  @Test
  void names_the_agent_flag_at_fault() {
    assertThatThrownBy(() -> AgentFlags.parse(new String[] {"--error-rate", "2"}))
        .hasMessage("errorRate must be between 0 and 1 (was 2.0)");
    assertThatThrownBy(() -> AgentFlags.parse(new String[] {"--latency-ms"}))
        .hasMessage("agent 1: flag --latency-ms needs a value");
    assertThatThrownBy(() -> AgentFlags.parse(new String[] {"--colour", "red"}))
        .hasMessage("agent 1: unknown flag --colour");
  }

  @Test
  void parses_an_open_loop_chat_run() {
    LoadFlags.Parsed parsed = LoadFlags.parse(new String[] {
        "--port", "9001", "--rate", "500", "--ramp-from", "50", "--ramp-ms", "3000", "--duration-ms", "5000",
        "--warmup-ms", "1000", "--chat", "--header", "X-Unit-Id: u1", "--scenario", "chat", "--json"});
    LoadConfig config = parsed.config();
    assertThat(parsed.json()).isTrue();
    assertThat(config.mode()).isEqualTo(LoadMode.OPEN_LOOP);
    assertThat(config.schedule()).isEqualTo(new ArrivalSchedule(50, 500, 3000));
    assertThat(config.request().method()).isEqualTo(HttpMethod.POST);
    assertThat(config.request().path()).isEqualTo("/v1/chat/completions");
    assertThat(config.request().headers()).containsEntry("X-Unit-Id", "u1");
    assertThat(config.request().body()).isNotEmpty();
    assertThat(config.warmupMillis()).isEqualTo(1000);
  }

  @Test
  void parses_a_closed_loop_run_and_refuses_remote_hosts() {
    LoadConfig closed = LoadFlags.parse(new String[] {"--port", "9001", "--concurrency", "8"}).config();
    assertThat(closed.mode()).isEqualTo(LoadMode.CLOSED_LOOP);
    assertThat(closed.concurrency()).isEqualTo(8);
    assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--port", "80", "--host", "10.1.2.3"}))
        .hasMessageContaining("loopback").hasMessageContaining("10.1.2.3");
    assertThatThrownBy(() -> LoadFlags.parse(new String[] {"--port", "80", "--rate", "5", "--concurrency", "2"}))
        .hasMessageContaining("exclude each other");
    assertThat(LoadFlags.parse(new String[] {"--help"})).isNull();
  }
}
