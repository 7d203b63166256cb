package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentTest {

  private final Experiment e = Fixtures.fullExperiment();

  @Test
  void finds_control_variants_and_metrics_by_name() {
    assertThat(e.controlVariant().name()).isEqualTo("control");
    assertThat(e.variant("treatment")).map(Variant::weight).contains(50.0);
    assertThat(e.variant("nope")).isEmpty();
    assertThat(e.metric("latency")).map(MetricSpec::field).contains(ProxyField.LATENCY_MS);
    assertThat(e.metric("nope")).isEmpty();
    assertThat(e.totalWeight()).isEqualTo(100.0);
  }

  @Test
  void with_status_changes_only_the_status() {
    Experiment paused = e.withStatus(Status.PAUSED);
    assertThat(paused.status()).isEqualTo(Status.PAUSED);
    assertThat(paused.withStatus(Status.RUNNING)).isEqualTo(e);
  }

  @Test
  void lists_are_unmodifiable_copies() {
    List<Variant> variants = new ArrayList<>(e.variants());
    Experiment copy = new Experiment(e.id(), e.description(), e.status(), e.salt(), e.route(), e.unit(), variants,
        e.control(), e.allocation(), e.metrics(), e.analysis(), e.segments());
    variants.clear();
    assertThat(copy.variants()).hasSize(2);
    assertThatThrownBy(() -> copy.variants().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> copy.controlVariant().metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void constructor_rejects_a_control_that_is_not_a_variant() {
    assertThatThrownBy(() -> new Experiment(e.id(), e.description(), e.status(), e.salt(), e.route(), e.unit(), e.variants(),
        "ctrl", e.allocation(), e.metrics(), e.analysis(), e.segments()))
        .hasMessage("control must name one of the variants [control, treatment] (was \"ctrl\")");
  }

  @Test
  void constructor_rejects_duplicate_variant_names_and_out_of_range_allocation() {
    assertThatThrownBy(() -> new Experiment(e.id(), "", e.status(), null, e.route(), e.unit(),
        List.of(e.controlVariant(), e.controlVariant()), "control", 1, e.metrics(), null, null))
        .hasMessage("variants names must be unique (\"control\" appears twice)");
    assertThatThrownBy(() -> new Experiment(e.id(), "", e.status(), null, e.route(), e.unit(), e.variants(),
        "control", 1.5, e.metrics(), null, null))
        .hasMessage("allocation must be between 0 and 1 (was 1.5)");
  }

  @Test
  void status_and_enums_read_their_json_spelling() {
    assertThat(Status.fromJson("paused")).contains(Status.PAUSED);
    assertThat(Status.fromJson("PAUSED")).isEmpty();
    assertThat(Status.RUNNING.json()).isEqualTo("running");
    assertThat(ProxyField.fromJson("completionTokens")).contains(ProxyField.COMPLETION_TOKENS);
    assertThat(SegmentSource.INPUT_LENGTH.json()).isEqualTo("inputLength");
    assertThat(Correction.BH.json()).isEqualTo("bh");
  }
}
