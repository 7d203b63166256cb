package dev.abgw.gateway.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the embedded store's NDJSON log line by line from a byte offset, and tells the offset after the last
 * complete line. A last line without its newline (a write cut short by a crash) is never returned, so callers
 * can truncate it away.
 */
final class LogLines implements Closeable {
  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private long offset;

  LogLines(Path file, long from) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    channel.position(from);
    this.in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
    this.offset = from;
  }

  /** The next complete line, or null at the end of the complete lines. */
  String next() throws IOException {
    line.reset();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        offset += line.size() + 1;
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    return null;
  }

  /** Byte offset just after the last complete line returned. */
  long offset() {
    return offset;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
