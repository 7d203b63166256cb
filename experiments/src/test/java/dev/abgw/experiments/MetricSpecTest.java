package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricSpecTest {

  private final MetricSpec helpfulness =
      new MetricSpec("helpfulness", MetricType.CONTINUOUS, Direction.INCREASE, MetricSource.JUDGMENT, null, 1.0, 5.0, 3.0);
  private final MetricSpec resolved = MetricSpec.judgment("resolved", MetricType.BINARY, Direction.INCREASE);

  @Test
  void accepts_values_within_bounds_and_binary_zero_or_one() {
    assertThat(helpfulness.checkValue(1)).isEmpty();
    assertThat(helpfulness.checkValue(4.5)).isEmpty();
    assertThat(helpfulness.checkValue(5)).isEmpty();
    assertThat(resolved.checkValue(0)).isEmpty();
    assertThat(resolved.checkValue(1)).isEmpty();
  }

  @Test
  void explains_a_value_out_of_bounds() {
    assertThat(helpfulness.checkValue(7)).contains("value must be between 1 and 5 (was 7)");
    assertThat(helpfulness.checkValue(0.5)).contains("value must be between 1 and 5 (was 0.5)");
    MetricSpec atLeastZero = new MetricSpec("cost", MetricType.CONTINUOUS, Direction.DECREASE, MetricSource.JUDGMENT, null, 0.0, null, null);
    assertThat(atLeastZero.checkValue(-1)).contains("value must be >= 0 (was -1)");
    assertThat(atLeastZero.checkValue(1e9)).isEmpty();
  }

  @Test
  void explains_a_binary_value_other_than_zero_or_one() {
    assertThat(resolved.checkValue(0.5)).contains("value must be 0 or 1 for binary metric resolved (was 0.5)");
  }

  @Test
  void rejects_non_finite_values() {
    assertThat(helpfulness.checkValue(Double.NaN)).contains("value must be a finite number (was NaN)");
    assertThat(MetricSpec.proxy("latency", ProxyField.LATENCY_MS, Direction.DECREASE).checkValue(Double.POSITIVE_INFINITY))
        .contains("value must be a finite number (was Infinity)");
  }

  @Test
  void counts_a_value_below_bad_below_as_bad() {
    assertThat(helpfulness.isBad(2.9)).isTrue();
    assertThat(helpfulness.isBad(3)).isFalse();
    assertThat(resolved.isBad(0)).isFalse();
  }

  @Test
  void proxy_factory_takes_its_type_from_the_field() {
    assertThat(MetricSpec.proxy("errors", ProxyField.ERROR, Direction.DECREASE).type()).isEqualTo(MetricType.BINARY);
    assertThat(MetricSpec.proxy("tokens", ProxyField.TOTAL_TOKENS, Direction.DECREASE).type()).isEqualTo(MetricType.CONTINUOUS);
  }

  @Test
  void constructor_rejects_inconsistent_specs() {
    assertThatThrownBy(() -> new MetricSpec("x", MetricType.BINARY, Direction.INCREASE, MetricSource.PROXY, ProxyField.LATENCY_MS, null, null, null))
        .hasMessage("field latencyMs needs type continuous (metric x is binary)");
    assertThatThrownBy(() -> new MetricSpec("x", MetricType.CONTINUOUS, Direction.INCREASE, MetricSource.JUDGMENT, null, 5.0, 1.0, null))
        .hasMessage("min must be <= max (was 5 > 1)");
    assertThatThrownBy(() -> new MetricSpec("x", MetricType.CONTINUOUS, Direction.INCREASE, MetricSource.PROXY, null, null, null, null))
        .hasMessage("field is required for proxy metric x");
  }
}
