package dev.abgw.loadtest.bench;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * What a scenario measured: a Markdown table for people and the same numbers (and more) as JSON.
 *
 * @param scenario scenario name
 * @param markdown table(s), ending in a newline
 * @param json every measurement
 */
public record BenchReport(String scenario, String markdown, JsonObject json) {
  public BenchReport {
    Objects.requireNonNull(scenario, "scenario must not be null");
    Objects.requireNonNull(markdown, "markdown must not be null");
    Objects.requireNonNull(json, "json must not be null");
  }
}
