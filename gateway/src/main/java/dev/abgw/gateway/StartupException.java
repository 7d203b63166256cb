package dev.abgw.gateway;

/**
 * A gateway that cannot start for a reason the operator can fix (a port taken, Redis not answering, an
 * experiments directory that cannot be read). Its message is one line that names what failed and why;
 * {@code abgw serve} prints it and exits non-zero instead of a stack trace.
 */
public final class StartupException extends RuntimeException {
  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The innermost message of {@code err}, or its class name when it has none. */
  static String reason(Throwable err) {
    Throwable t = err;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    String outer = err.getMessage();
    // Netty's bind error reads "bind(..) failed: Address already in use": keep the part after the colon.
    if (m.contains("Address already in use") || (outer != null && outer.contains("Address already in use"))) {
      return "address already in use";
    }
    return m;
  }

  /** {@code url} without its user info, so a password in a Redis URL never reaches a log. */
  static String redact(String url) {
    return url.replaceFirst("//[^/@]*@", "//***@");
  }
}
