package dev.abgw.cli;

import dev.abgw.gateway.build.BuildInfo;
import java.util.Arrays;

/** The {@code abgw} command line: serve, demo, analyze, bench. */
public final class Main {
  static final String HELP = """
      abgw: online A/B experimentation gateway for agent endpoints

      Usage: abgw <command> [flags]    (abgw <command> --help or -h for its flags; abgw --version)

        serve     run the gateway: proxy + admin API (embedded store, or Redis with --redis / REDIS_URL)
        demo      simulated agents + gateway + traffic + judgments + report, in about a minute
        analyze   recompute an experiment's report from its exported raw events
        bench     run a benchmark scenario (overhead, peer, streaming, ingest, report)
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args));
  }

  static int run(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--version") || args[0].equals("version"))) {
      System.out.println("abgw " + BuildInfo.version());
      return 0;
    }
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      System.out.print(HELP);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    String help = switch (command) {
      case "serve" -> ServeCommand.HELP;
      case "demo" -> DemoCommand.HELP;
      case "analyze" -> AnalyzeCommand.HELP;
      default -> null;
    };
    if (help != null && (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h"))) {
      System.out.print(help);
      return 0;
    }
    try {
      return switch (command) {
        case "serve" -> ServeCommand.run(rest);
        case "demo" -> DemoCommand.run(rest);
        case "analyze" -> AnalyzeCommand.run(rest);
        case "bench" -> {
          // Benchmarks live in their own jar (loadtest), so the load generator never ships in this one.
          System.err.println("abgw: bench runs from the load-test jar: ./abgw bench " + String.join(" ", rest));
          yield 2;
        }
        default -> {
          System.err.print("abgw: unknown command " + command + "\n\n" + HELP);
          yield 2;
        }
      };
    } catch (Flags.UsageException e) {
      System.err.println("abgw " + command + ": " + e.getMessage() + "\n");
      System.err.print(help == null ? HELP : help);
      return 2;
    }
  }

}
