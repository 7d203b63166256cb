package dev.abgw.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Asks a Redis at host:port, over a plain socket with a short timeout (no client library). */
final class RedisPing {
  private static final int TIMEOUT_MILLIS = 300;

  private RedisPing() {}

  static boolean answers(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      byte[] reply = in.readNBytes(5);
      return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The {@code process_id} that {@code INFO server} reports, or null when nothing answers: tells whether the
   * server on a port is the process we started or someone else's that took the port first.
   */
  static Long processId(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.getOutputStream().write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String header = readLine(in);
      if (!header.startsWith("$")) return null;
      String info = new String(in.readNBytes(Integer.parseInt(header.substring(1))), StandardCharsets.UTF_8);
      for (String line : info.split("\r\n")) {
        if (line.startsWith("process_id:")) return Long.parseLong(line.substring("process_id:".length()).trim());
      }
      return null;
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  /** The bulk-string answer to an inline command ({@code CLUSTER INFO}), or null when nothing answers so. */
  static String command(String host, int port, String inline) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String header = readLine(in);
      if (!header.startsWith("$")) return header.isEmpty() ? null : header;
      return new String(in.readNBytes(Integer.parseInt(header.substring(1))), StandardCharsets.UTF_8);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      if (c != '\r') line.append((char) c);
    }
    return line.toString();
  }
}
