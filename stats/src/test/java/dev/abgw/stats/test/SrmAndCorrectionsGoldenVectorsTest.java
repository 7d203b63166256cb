package dev.abgw.stats.test;

import static dev.abgw.stats.test.GoldenVectors.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SrmAndCorrectionsGoldenVectorsTest {

  @Test
  void srm_p_values_match_pearson_chi_square_vectors() {
    JsonNode cases = GoldenVectors.load("srm.json").get("cases");
    assertThat(cases.size()).isEqualTo(6);
    int i = 0;
    for (JsonNode c : cases) {
      long[] observed = new long[c.get("observed").size()];
      double[] weights = new double[observed.length];
      for (int k = 0; k < observed.length; k++) {
        observed[k] = c.get("observed").get(k).asLong();
        weights[k] = c.get("weights").get(k).asDouble();
      }
      assertClose("srm case " + i++, SampleRatioMismatch.pValue(observed, weights),
          c.get("pValue").asDouble());
    }
  }

  @Test
  void holm_and_benjamini_hochberg_match_statsmodels_in_input_order() {
    JsonNode cases = GoldenVectors.load("corrections.json").get("cases");
    assertThat(cases.size()).isGreaterThan(0);
    int i = 0;
    for (JsonNode c : cases) {
      double[] p = doubles(c.get("pValues"));
      double[] holm = Holm.adjust(p);
      double[] bh = BenjaminiHochberg.adjust(p);
      double[] expectedHolm = doubles(c.get("holm"));
      double[] expectedBh = doubles(c.get("benjaminiHochberg"));
      for (int k = 0; k < p.length; k++) {
        assertClose("case " + i + " holm[" + k + "]", holm[k], expectedHolm[k]);
        assertClose("case " + i + " bh[" + k + "]", bh[k], expectedBh[k]);
      }
      i++;
    }
  }

  @Test
  void srm_is_certain_when_an_arm_with_weight_zero_receives_units() {
    assertThat(SampleRatioMismatch.pValue(new long[] {10, 3}, new double[] {1, 0})).isZero();
    assertThat(SampleRatioMismatch.pValue(new long[] {0, 0}, new double[] {1, 1})).isEqualTo(1);
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = array.get(k).asDouble();
    }
    return out;
  }
}
