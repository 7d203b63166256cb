package dev.abgw.loadtest.bench;

import io.vertx.core.Vertx;
import java.util.Map;

/**
 * One {@code abgw bench} scenario: bounded in requests and time, on 127.0.0.1 only. It runs on a
 * driver thread (it may block on futures) and returns its Markdown table and JSON.
 */
public interface BenchScenario {

  /** Name on the command line. */
  String name();

  /** One line for {@code --help}. */
  String description();

  /** Flags it accepts (without dashes) and their help, in display order. */
  Map<String, String> flags();

  /** Runs the scenario. */
  BenchReport run(Vertx vertx, BenchFlags flags) throws Exception;
}
