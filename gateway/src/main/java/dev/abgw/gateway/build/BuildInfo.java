package dev.abgw.gateway.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The build's version, from the Maven project version filtered into {@code build.properties} at build time. */
public final class BuildInfo {
  private static final String VERSION = load();

  private BuildInfo() {}

  /** e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in == null) throw new IllegalStateException("dev/abgw/gateway/build/build.properties missing from the classpath");
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version");
      if (v == null || v.contains("${")) throw new IllegalStateException("build.properties was not filtered (version=" + v + ")");
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
