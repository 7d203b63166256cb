package dev.abgw.analysis.event;

/**
 * Why a proxied exchange counts as an error outcome of its variant (intent to treat). The wire name is
 * the lower-case name ({@code status_5xx}), as in the export format and the Prometheus labels.
 */
public enum ErrorKind {
  /** The upstream refused the connection. */
  CONNECT,
  /** No answer within the variant's {@code timeoutMillis}. */
  TIMEOUT,
  /** The connection broke before the answer ended. */
  RESET,
  /** The upstream answered 500 or more. */
  STATUS_5XX,
  /** The upstream answered 429: what the client saw, so an error of the variant. */
  RATE_LIMITED,
  /** The variant's circuit breaker was open: the gateway refused without calling its upstream. */
  CIRCUIT_OPEN,
  /** The client hung up before the answer ended. */
  CLIENT_CLOSED,
  /**
   * The client did not finish its request body within {@code --client-body-timeout}: the client's failure,
   * not the variant's, so it moves none of the variant's metrics.
   */
  CLIENT_SLOW;

  /** The client, not the variant, failed. */
  public boolean isClientFault() {
    return this == CLIENT_SLOW;
  }

  public String wire() {
    return WireNames.of(this);
  }

  /** @throws IllegalArgumentException naming the known kinds when {@code wire} is none of them */
  public static ErrorKind fromWire(String wire) {
    return WireNames.parse(ErrorKind.class, "errorKind", wire);
  }
}
