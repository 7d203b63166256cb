package dev.abgw.gateway.proxy.resilience;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ResiliencePolicy;
import dev.abgw.experiments.Variant;
import io.vertx.core.http.HttpServerRequest;

/**
 * Whether the proxy should buffer a request body so a retry or a fallback to another variant can send it
 * again: only when some variant's policy may send a request twice, and only a body that declares its
 * length within the buffering limit ({@code --max-body-mb}). Any other body streams through once, and a
 * failure is then neither retried nor sent to another variant.
 */
public final class ReplayBuffering {
  private ReplayBuffering() {}

  public static boolean wanted(Experiment e, HttpServerRequest req, int maxBytes) {
    if (e.resilience().isNone() || !mayResend(e)) return false;
    String len = req.getHeader("content-length");
    if (len == null) return false;
    try {
      long n = Long.parseLong(len.trim());
      return n > 0 && n <= maxBytes;
    } catch (NumberFormatException malformed) {
      return false;
    }
  }

  private static boolean mayResend(Experiment e) {
    for (Variant v : e.variants()) {
      ResiliencePolicy p = e.resilience().forVariant(v.name());
      if (p.maxAttempts() > 1 || (p.fallback() != null && p.fallback().toVariant() != null)) return true;
    }
    return false;
  }
}
