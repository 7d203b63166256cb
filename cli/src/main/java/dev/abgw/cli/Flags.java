package dev.abgw.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Minimal {@code --name value} / {@code --switch} parsing with errors that name the flag. Unknown flags
 * are refused (a typo must not silently run with defaults).
 */
public final class Flags {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> switches = new HashSet<>();
  /** Where a value came from when not the command line ({@code ABGW_PORT}, {@code abgw.yaml: port}), for errors. */
  private final Map<String, String> sources = new HashMap<>();

  private Flags() {}

  /**
   * Flags resolved from several sources: {@code values} and {@code switchesOn} by flag name ({@code --port}),
   * {@code sources} naming where each came from (absent: the command line).
   */
  public static Flags of(Map<String, String> values, Set<String> switchesOn, Map<String, String> sources) {
    Flags f = new Flags();
    f.values.putAll(values);
    f.switches.addAll(switchesOn);
    f.sources.putAll(sources);
    return f;
  }

  private String label(String name) {
    return sources.getOrDefault(name, name);
  }

  /** @throws UsageException on an unknown flag or a missing value */
  public static Flags parse(String[] args, Set<String> valued, Set<String> switchNames) {
    Flags f = new Flags();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a;
      String inline = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        inline = a.substring(eq + 1);
      }
      if (valued.contains(name)) {
        String v = inline != null ? inline : i + 1 < args.length ? args[++i] : null;
        if (v == null) throw new UsageException(name + " needs a value");
        f.values.put(name, v);
      } else if (switchNames.contains(name) && inline == null) {
        f.switches.add(name);
      } else {
        List<String> known = new java.util.ArrayList<>(valued);
        known.addAll(switchNames);
        java.util.Collections.sort(known);
        throw new UsageException("unknown argument " + a + " (known: " + String.join(" ", known) + ")");
      }
    }
    return f;
  }

  public String get(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  /** The flags given on the command line with a value, by name. */
  public Map<String, String> values() {
    return Map.copyOf(values);
  }

  /** The switches given on the command line. */
  public Set<String> switches() {
    return Set.copyOf(switches);
  }

  public boolean has(String name) {
    return switches.contains(name) || values.containsKey(name);
  }

  public int intValue(String name, int dflt, int min, int max) {
    String v = values.get(name);
    if (v == null) return dflt;
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) throw new UsageException(label(name) + " must be between " + min + " and " + max + " (was " + v + ")");
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(label(name) + " must be a whole number (was \"" + v + "\")");
    }
  }

  public double doubleValue(String name, double dflt, double min, double max) {
    String v = values.get(name);
    if (v == null) return dflt;
    try {
      double n = Double.parseDouble(v.trim());
      if (!(n >= min && n <= max)) throw new UsageException(label(name) + " must be between " + min + " and " + max + " (was " + v + ")");
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(label(name) + " must be a number (was \"" + v + "\")");
    }
  }

  /** A command-line mistake: printed with the command's help, exit status 2. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
