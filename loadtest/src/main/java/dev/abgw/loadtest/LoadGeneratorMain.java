package dev.abgw.loadtest;

import io.vertx.core.Vertx;
import java.util.List;

/**
 * Runs one load test from the command line (see {@link LoadFlags#USAGE}) and prints a Markdown table
 * row, or JSON with {@code --json}, on stdout; progress goes to stderr. Exit code 0 on a completed run,
 * 2 on bad flags, 1 if the run itself failed.
 */
public final class LoadGeneratorMain {

  private LoadGeneratorMain() {}

  public static void main(String[] args) {
    LoadFlags.Parsed parsed;
    try {
      parsed = LoadFlags.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(LoadFlags.USAGE);
      System.exit(2);
      return;
    }
    if (parsed == null) {
      System.out.println(LoadFlags.USAGE);
      return;
    }
    Vertx vertx = Vertx.vertx();
    int status = 0;
    try {
      LoadResult result = LoadGenerator.run(vertx, parsed.config()).await();
      System.out.print(parsed.json() ? result.toJson().encodePrettily() + "\n" : LoadResultTable.markdown(List.of(result)));
      if (result.firstError() != null) {
        System.err.println("first error: " + result.firstError());
      }
    } catch (RuntimeException e) {
      System.err.println("error: load run failed: " + e.getMessage());
      status = 1;
    } finally {
      vertx.close().await();
    }
    System.exit(status);
  }
}
