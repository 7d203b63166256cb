package dev.abgw.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw TCP client for HTTP cases a well-behaved client cannot send (bad framing, stalled bodies). */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;

  public RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
  }

  public RawHttp send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** Everything the server sends until it closes the connection or {@code millis} pass with nothing new. */
  public String readUntilClosedOr(int millis) throws IOException {
    socket.setSoTimeout(millis);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) != -1) out.write(buf, 0, n);
      closedByServer = true;
    } catch (SocketTimeoutException stillOpen) {
      closedByServer = false;
    } catch (java.net.SocketException reset) {
      closedByServer = true;
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private boolean closedByServer;

  /** After {@link #readUntilClosedOr}: whether the server closed (or reset) the connection. */
  public boolean closedByServer() {
    return closedByServer;
  }

  public static int status(String response) {
    if (!response.startsWith("HTTP/1.1 ")) return -1;
    return Integer.parseInt(response.substring(9, 12));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
