package dev.abgw.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The page shows, in each row, the effect, interval and p-values of one test, and says which. */
class ReportPageTest {

  @Test
  void a_row_shows_the_absolute_effect_with_its_own_interval_and_the_relative_lift_apart() {
    JsonObject report = new JsonObject("""
        {"experiment": "exp", "decision": {"action": "keep running", "reason": "keep running: ..."},
         "analysis": {"alpha": 0.05, "mode": "fixed", "correction": "holm"},
         "regressions": [{"metric": "helpfulness.bad", "variant": "treatment", "dimension": "task_type",
                          "segment": "code", "effect": 0.04667, "ci": [0.0009, 0.0924], "adjustedPValue": 0.0455,
                          "relativeEffect": 2.3333, "units": 150}],
         "metrics": [{"metric": "helpfulness.bad", "type": "binary", "direction": "decrease",
                      "variants": [{"variant": "control", "control": true, "units": 150, "n": 150, "mean": 0.02},
                                   {"variant": "treatment", "control": false, "units": 150, "n": 150, "mean": 0.06667,
                                    "absolute": {"effect": 0.04667, "ci": [0.0009, 0.0924], "pValue": 0.0455},
                                    "relative": {"effect": 2.3333, "ci": [-1.9, 6.57], "pValue": 0.28},
                                    "adjustedPValue": 0.0455, "verdict": "worse", "reason": null}]}]}
        """);
    String page = ReportPage.render(report);
    assertThat(page).contains("<th>effect (treatment - control)</th><th>CI of the effect</th>")
        .contains("one test, of the absolute difference");
    assertThat(page).contains("<td class=\"worse\">+0.04667</td><td>[9.00e-04, 0.09240]</td><td>0.04550</td><td>+233.33%</td>");
    assertThat(page).as("the relative interval, from another test, is not shown next to the absolute p")
        .doesNotContain("-190.00%");
  }
}
