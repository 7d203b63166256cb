package dev.abgw.loadtest.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} flags of one bench run. Unknown flags are refused (a typo must not silently run
 * the defaults); every getter names the flag and the value seen when it cannot parse.
 */
public final class BenchFlags {

  private final Map<String, String> values;

  private BenchFlags(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code args}; every name must be in {@code known} (without the dashes). */
  public static BenchFlags parse(List<String> args, Set<String> known) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("expected a --flag (was '" + arg + "')");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        value = "true";
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException("--" + name + " is not a flag of this scenario (known: " + known + ")");
      }
      values.put(name, value);
    }
    return new BenchFlags(values);
  }

  public int integer(String name, int fallback, int min, int max) {
    long v = longValue(name, fallback, min, max);
    return (int) v;
  }

  public long longValue(String name, long fallback, long min, long max) {
    String raw = values.get(name);
    if (raw == null) {
      return fallback;
    }
    long v;
    try {
      v = Long.parseLong(raw.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number (was '" + raw + "')");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + " (was " + v + ")");
    }
    return v;
  }

  /** A comma-separated list of whole numbers, each within bounds. */
  public List<Long> longs(String name, List<Long> fallback, long min, long max) {
    String raw = values.get(name);
    if (raw == null) {
      return fallback;
    }
    List<Long> out = new ArrayList<>();
    for (String part : raw.split(",")) {
      try {
        long v = Long.parseLong(part.trim().replace("_", ""));
        if (v < min || v > max) {
          throw new IllegalArgumentException(
              "--" + name + " values must be between " + min + " and " + max + " (was " + v + ")");
        }
        out.add(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be comma-separated whole numbers (was '" + raw + "')");
      }
    }
    return List.copyOf(out);
  }

  public boolean flag(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }

  public Path path(String name, Path fallback) {
    String raw = values.get(name);
    return raw == null ? fallback : Path.of(raw);
  }

  /** The flags as given, for the JSON output. */
  public Map<String, String> asMap() {
    return Map.copyOf(values);
  }
}
