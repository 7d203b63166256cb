package dev.abgw.experiments;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One arm of an experiment: where its traffic goes and how much of it.
 *
 * @param name unique within the experiment, {@code ^[A-Za-z0-9_.-]{1,64}$}
 * @param upstream absolute http or https URL of the agent backend; may carry a base path
 * @param weight relative share of counted units, finite and {@code >= 0}
 * @param timeoutMillis how long the proxy waits for this upstream, 1..600000
 * @param metadata free-form description of the arm (prompt version, model, ...), JSON-shaped and unmodifiable
 */
public record Variant(String name, URI upstream, double weight, long timeoutMillis, Map<String, Object> metadata) {

  static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");
  public static final long DEFAULT_TIMEOUT_MILLIS = 60_000;
  public static final long MAX_TIMEOUT_MILLIS = 600_000;

  public Variant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(upstream, "upstream");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must match " + NAME.pattern() + " (was \"" + name + "\")");
    }
    String problem = upstreamProblem(upstream);
    if (problem != null) {
      throw new IllegalArgumentException("upstream " + problem + " (was \"" + upstream + "\")");
    }
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException("weight must be a finite number >= 0 (was " + weight + ")");
    }
    if (timeoutMillis < 1 || timeoutMillis > MAX_TIMEOUT_MILLIS) {
      throw new IllegalArgumentException("timeoutMillis must be between 1 and " + MAX_TIMEOUT_MILLIS + " (was " + timeoutMillis + ")");
    }
    metadata = Metadata.freeze(metadata);
  }

  /** A variant with the default timeout and no metadata. */
  public static Variant of(String name, String upstream, double weight) {
    return new Variant(name, URI.create(upstream), weight, DEFAULT_TIMEOUT_MILLIS, Map.of());
  }

  /** Why {@code uri} cannot be an upstream, or {@code null} if it can. */
  static String upstreamProblem(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.isOpaque() || uri.getHost() == null) {
      return "must be an absolute http or https URL";
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return "must not have a query or fragment (a base path is fine)";
    }
    return null;
  }
}
