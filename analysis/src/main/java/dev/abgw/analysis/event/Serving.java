package dev.abgw.analysis.event;

import java.util.List;
import java.util.Objects;

/**
 * Who answered a request and how many tries it took: {@code servedBy} is the variant that served the answer
 * (the assigned one unless a fallback did), {@link #STATIC} for a fallback's static response, or null when
 * nothing did (the client got an error); {@code upstreamStatus} has one entry per attempt (0 when that attempt
 * got no answer); {@code fallbackReason} is the condition that fell back ({@code connect}, {@code circuit_open},
 * ...), null without a fallback; {@code rateLimited} is an upstream 429 in any attempt or the gateway's own limit;
 * {@code noRetryReason} says why a failed request was not retried although the policy asked for it.
 */
public record Serving(String servedBy, List<Integer> upstreamStatus, int retries, String fallbackReason,
                      boolean rateLimited, String noRetryReason) {
  public static final String STATIC = "static";

  public Serving {
    upstreamStatus = List.copyOf(Objects.requireNonNull(upstreamStatus, "upstreamStatus"));
    if (retries < 0) throw new IllegalArgumentException("retries must be >= 0 (was " + retries + ")");
  }

  /** One attempt at the assigned variant, as without a resilience policy. */
  public static Serving single(String variant, int status) {
    return new Serving(variant, List.of(status), 0, null, status == 429, null);
  }

  /** Attempts made at upstreams (the first, retries and a fallback variant's). */
  public int attempts() {
    return upstreamStatus.size();
  }

  public boolean fellBack() {
    return fallbackReason != null;
  }
}
