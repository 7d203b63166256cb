package dev.abgw.gateway.proxy;

import dev.abgw.analysis.event.ErrorKind;
import java.net.URI;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a 502 or 504 says, and to whom. The public body names the experiment, the variant and the error kind
 * ({@code connect}, {@code reset}, {@code timeout}); the upstream's address and the exception text could tell a
 * public client about the network behind the gateway, so they go only to the log (JUL logger
 * {@code dev.abgw.gateway.proxy.UpstreamFailures}, level WARNING), with the request id that the client also got in
 * {@code X-Request-Id}, so the two can be matched.
 */
final class UpstreamFailures {
  static final Logger LOG = Logger.getLogger(UpstreamFailures.class.getName());

  private UpstreamFailures() {}

  static String publicMessage(String experiment, String variant, ErrorKind kind, long timeoutMillis) {
    String who = experiment == null ? "the default upstream"
        : "the upstream of variant " + variant + " of experiment " + experiment;
    String what = switch (kind) {
      case TIMEOUT -> "did not answer within " + timeoutMillis + " ms";
      case CONNECT -> "could not be connected to";
      default -> "closed the connection before answering";
    };
    return who + " " + what + " (errorKind " + kind.wire() + ")";
  }

  static void log(String requestId, String experiment, String variant, URI upstream, ErrorKind kind, String detail) {
    LOG.log(Level.WARNING, () -> "request " + requestId + ": "
        + (experiment == null ? "default upstream" : "experiment " + experiment + " variant " + variant)
        + " upstream " + upstream + " failed (" + kind.wire() + "): " + detail);
  }
}
