package dev.abgw.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this JVM ({@code VmRSS} of {@code /proc/self/status}, Linux only). */
public final class Rss {

  private Rss() {}

  /** Resident set size in MiB, or -1 where {@code /proc} is not available. */
  public static double mebibytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
          return Long.parseLong(kb) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
