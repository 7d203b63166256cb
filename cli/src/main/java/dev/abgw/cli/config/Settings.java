package dev.abgw.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One value per setting from four sources, highest first: the command line, the environment
 * ({@code ABGW_<FLAG>}: {@code --admin-port} is {@code ABGW_ADMIN_PORT}), the file named by {@code --config}
 * (or {@code ABGW_CONFIG}), then the command's default. The file is YAML or JSON (by its extension: {@code .json}
 * is JSON, anything else YAML), one top-level key per flag without its dashes ({@code admin-port: 8081}); a switch
 * takes {@code true} or {@code false}. A key or value the command does not know is an error naming the file and
 * the key, as an unknown flag is.
 *
 * <p>{@code aliases} maps a setting to older environment names read after {@code ABGW_<FLAG>} (as
 * {@code REDIS_URL} for {@code --redis}). {@code valued} may hold settings that the command line does not accept
 * (a secret such as {@code --admin-token}, which {@code ps} would show every user of the machine): only the
 * environment and the file can set those.
 */
public final class Settings {
  public static final String CONFIG_FLAG = "--config";

  private Settings() {}

  /** The resolved values: by flag name, the switches that are on, and where each non-command-line value came from. */
  public record Resolved(Map<String, String> values, Set<String> switchesOn, Map<String, String> sources) {
    public Resolved {
      values = Map.copyOf(values);
      switchesOn = Set.copyOf(switchesOn);
      sources = Map.copyOf(sources);
    }
  }

  /** A setting that the environment or the file got wrong; the message names the variable or the file and key. */
  public static final class ConfigException extends IllegalArgumentException {
    ConfigException(String message) {
      super(message);
    }
  }

  /**
   * @param commandValues flags given on the command line with a value (including {@value #CONFIG_FLAG})
   * @param commandSwitches switches given on the command line
   */
  public static Resolved resolve(Map<String, String> commandValues, Set<String> commandSwitches, Set<String> valued,
                                 Set<String> switches, Map<String, String> aliases,
                                 Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    Set<String> on = new HashSet<>();
    Map<String, String> sources = new HashMap<>();
    String file = commandValues.getOrDefault(CONFIG_FLAG, env.get(envName(CONFIG_FLAG)));
    if (file != null && !file.isBlank()) fromFile(Path.of(file), valued, switches, values, on, sources);
    fromEnv(env, valued, switches, aliases, values, on, sources);
    for (var e : commandValues.entrySet()) {
      values.put(e.getKey(), e.getValue());
      sources.remove(e.getKey());
    }
    on.addAll(commandSwitches);
    values.remove(CONFIG_FLAG);
    return new Resolved(values, on, sources);
  }

  /** {@code --admin-port} -> {@code ABGW_ADMIN_PORT}. */
  public static String envName(String flag) {
    return "ABGW_" + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static void fromEnv(Map<String, String> env, Set<String> valued, Set<String> switches,
                              Map<String, String> aliases, Map<String, String> values, Set<String> on,
                              Map<String, String> sources) {
    for (String flag : valued) {
      String name = envName(flag);
      String v = env.get(name);
      if ((v == null || v.isEmpty()) && aliases.containsKey(flag)) {
        name = aliases.get(flag);
        v = env.get(name);
      }
      if (v == null || v.isEmpty()) continue;
      values.put(flag, v);
      sources.put(flag, name);
    }
    for (String flag : switches) {
      String name = envName(flag);
      String v = env.get(name);
      if (v == null || v.isEmpty()) continue;
      if (bool(v, name)) on.add(flag);
      else on.remove(flag);
    }
  }

  private static boolean bool(String v, String where) {
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(where + " must be true or false (was \"" + v + "\")");
    };
  }

  private static void fromFile(Path path, Set<String> valued, Set<String> switches, Map<String, String> values, Set<String> on, Map<String, String> sources) {
    JsonNode root = read(path);
    if (!root.isObject()) {
      throw new ConfigException(path + ": must be a mapping of setting names to values (was a " + root.getNodeType() + ")");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String flag = "--" + e.getKey();
      String where = path.getFileName() + ": " + e.getKey();
      JsonNode v = e.getValue();
      if (switches.contains(flag)) {
        if (!v.isBoolean() && !v.isTextual()) throw new ConfigException(where + " must be true or false (was " + v + ")");
        if (bool(v.asText(), where)) on.add(flag);
        continue;
      }
      if (!valued.contains(flag) || flag.equals(CONFIG_FLAG)) {
        Set<String> known = new TreeSet<>();
        for (String k : valued) if (!k.equals(CONFIG_FLAG)) known.add(k.substring(2));
        for (String k : switches) known.add(k.substring(2));
        throw new ConfigException(path + ": unknown setting " + e.getKey() + " (known: " + String.join(" ", known) + ")");
      }
      if (!v.isValueNode() || v.isNull()) {
        throw new ConfigException(where + " must be a string or a number (was " + (v.isNull() ? "null" : v.getNodeType()) + ")");
      }
      values.put(flag, v.asText());
      sources.put(flag, where);
    }
  }

  private static JsonNode read(Path path) {
    ObjectMapper mapper = path.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
    try {
      JsonNode n = mapper.readTree(Files.readString(path));
      if (n == null || n.isMissingNode()) throw new ConfigException(path + ": is empty");
      return n;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ConfigException("--config " + path + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("--config " + path + ": " + e.getMessage().lines().findFirst().orElse("cannot read"));
    }
  }
}
