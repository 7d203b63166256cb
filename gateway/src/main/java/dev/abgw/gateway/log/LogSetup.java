package dev.abgw.gateway.log;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The logging backend of {@code abgw serve}: java.util.logging (no extra dependency; the code logs through JUL
 * and {@code System.Logger}, which the JDK routes to JUL), one handler on stderr with the chosen formatter.
 */
public final class LogSetup {
  /** Held so the level set here survives: JUL keeps loggers only weakly. */
  private static final Logger ACCESS = Logger.getLogger(AccessLog.LOGGER);

  private LogSetup() {}

  public static void configure(LogFormat format, boolean accessLog) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) root.removeHandler(h);
    ConsoleHandler stderr = new ConsoleHandler();
    stderr.setLevel(Level.ALL);
    stderr.setFormatter(format == LogFormat.JSON ? new JsonLogFormatter() : new TextLogFormatter());
    root.addHandler(stderr);
    root.setLevel(Level.INFO);
    ACCESS.setLevel(accessLog ? Level.INFO : Level.OFF);
  }
}
