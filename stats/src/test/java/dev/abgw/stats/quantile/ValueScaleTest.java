package dev.abgw.stats.quantile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValueScaleTest {

  @Test
  void records_latency_in_microseconds_rounded_to_nearest() {
    ValueScale ms = ValueScale.latencyMillis();
    assertThat(ms.toUnits(12.3456)).isEqualTo(12_346);
    assertThat(ms.toUnits(0)).isZero();
    assertThat(ms.toUnits(0.0004)).isZero();
    assertThat(ms.toValue(12_346)).isEqualTo(12.346);
  }

  @Test
  void records_counts_as_they_are_and_scores_in_hundredths() {
    assertThat(ValueScale.counts().toUnits(812)).isEqualTo(812);
    assertThat(ValueScale.scores().toUnits(3.25)).isEqualTo(325);
    assertThat(ValueScale.scores().toUnits(3.667)).isEqualTo(367);
  }

  @Test
  void rejects_values_it_cannot_record_naming_the_value() {
    ValueScale ms = ValueScale.latencyMillis();
    assertThatThrownBy(() -> ms.toUnits(Double.NaN)).hasMessageContaining("(was NaN)");
    assertThatThrownBy(() -> ms.toUnits(Double.POSITIVE_INFINITY)).hasMessageContaining("(was Infinity)");
    assertThatThrownBy(() -> ms.toUnits(1e13)).hasMessageContaining("value must be between -9.007199254740992E12 and");
    assertThatThrownBy(() -> ms.toUnits(-1e13)).hasMessageContaining("(was -1.0E13)");
  }

  @Test
  void records_negative_values_as_negative_units() {
    assertThat(ValueScale.scores().toUnits(-3.25)).isEqualTo(-325);
    assertThat(ValueScale.counts().toUnits(-1)).isEqualTo(-1);
    assertThat(ValueScale.scores().toUnits(-0.001)).isZero();
  }

  @Test
  void rejects_a_non_positive_factor() {
    assertThatThrownBy(() -> ValueScale.of(0)).hasMessage("unitsPerValue must be finite and > 0 (was 0.0)");
  }
}
