package dev.abgw.gateway.store;

/**
 * The event store did not answer (timed out, refused, closed, an I/O error): the caller may answer 503 and
 * retry later. Any other failure that reaches an HTTP handler is a bug in the gateway and answers 500.
 */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(Throwable cause) {
    super(String.valueOf(cause.getMessage()), cause);
  }
}
