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
  /** The client hung up before the answer ended. */
  CLIENT_CLOSED;

  public String wire() {
    return WireNames.of(this);
  }

  /** @throws IllegalArgumentException naming the known kinds when {@code wire} is none of them */
  public static ErrorKind fromWire(String wire) {
    return WireNames.parse(ErrorKind.class, "errorKind", wire);
  }
}
