package dev.abgw.gateway.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The append-only local spool that keeps records while Redis does not acknowledge them. One line per chunk
 * ({@code {"b": batch key, "t": spooled at, "r": [records]}}, records in the embedded store's line format),
 * replayed in order; {@code spool.offset} says how far replay got, so a restart resumes there. A chunk keeps
 * the batch key of its first attempt, and record.lua applies a batch key once, so a chunk Redis applied
 * late (its answer lost to a timeout) or replayed twice still counts once.
 *
 * <p>Bounded by {@code maxBytes}: a chunk that does not fit is refused and its records counted as dropped.
 * Not thread-safe: {@link RedisEventStore} calls it from one thread only.
 */
final class Spool {
  /** One spooled chunk, as read back for replay. */
  record Chunk(String batchKey, List<StoreRecord> records, long endOffset) {}

  private record Entry(long endOffset, long spooledAtMillis, int records) {}

  private final Path file;
  private final Path offsetFile;
  private final long maxBytes;
  private final Clock clock;
  private final FileChannel channel;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private long offset;
  private long records;
  private long dropped;
  private long replayed;
  private volatile long lastDropMillis = Long.MIN_VALUE;

  Spool(Path dir, long maxBytes, Clock clock) throws IOException {
    Files.createDirectories(dir);
    this.file = dir.resolve("spool.ndjson");
    this.offsetFile = dir.resolve("spool.offset");
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.offset = Files.exists(offsetFile) ? Long.parseLong(Files.readString(offsetFile).trim()) : 0;
    recover();
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    channel.position(channel.size());
  }

  /** Rebuilds the index of chunks after the offset (records spooled before a restart are replayed too). */
  private void recover() throws IOException {
    if (!Files.exists(file)) return;
    long complete;
    try (LogLines lines = new LogLines(file, Math.min(offset, Files.size(file)))) {
      String line;
      while ((line = lines.next()) != null) {
        JsonObject o = new JsonObject(line);
        int n = 0;
        for (Object r : o.getJsonArray("r")) if (((JsonObject) r).getValue("e") != null) n++;
        entries.add(new Entry(lines.offset(), o.getLong("t"), n));
        records += n;
      }
      complete = lines.offset();
    }
    if (Files.size(file) > complete) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(complete); // a chunk cut short by a crash was never acknowledged
      }
    }
  }

  synchronized boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * Appends the chunks, all or none, written through to the OS before this returns. False (and the records
   * counted as dropped) when they do not fit in {@code maxBytes}.
   */
  synchronized boolean append(List<String> batchKeys, List<List<StoreRecord>> chunks) throws IOException {
    long now = clock.millis();
    List<byte[]> lines = new ArrayList<>(chunks.size());
    long bytes = 0;
    int count = 0;
    for (int i = 0; i < chunks.size(); i++) {
      JsonArray rs = new JsonArray();
      for (StoreRecord r : chunks.get(i)) rs.add(EmbeddedEventStore.RecordCodec.encode(r));
      byte[] line = (new JsonObject().put("b", batchKeys.get(i)).put("t", now).put("r", rs).encode() + "\n")
          .getBytes(StandardCharsets.UTF_8);
      lines.add(line);
      bytes += line.length;
      count += recordsIn(chunks.get(i));
    }
    if (channel.size() + bytes > maxBytes) {
      dropped += count;
      lastDropMillis = now;
      return false;
    }
    long start = channel.size();
    try {
      for (byte[] line : lines) {
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) channel.write(buf);
      }
    } catch (IOException e) {
      channel.truncate(start);
      channel.position(start);
      throw e;
    }
    long end = start;
    for (int i = 0; i < lines.size(); i++) {
      end += lines.get(i).length;
      entries.add(new Entry(end, now, recordsIn(chunks.get(i))));
    }
    records += count;
    return true;
  }

  /** The oldest chunk not yet replayed, or null. */
  synchronized Chunk peek() throws IOException {
    if (entries.isEmpty()) return null;
    try (LogLines lines = new LogLines(file, offset)) {
      String line = lines.next();
      JsonObject o = new JsonObject(line);
      List<StoreRecord> rs = new ArrayList<>();
      for (Object r : o.getJsonArray("r")) rs.add(EmbeddedEventStore.RecordCodec.decode((JsonObject) r));
      return new Chunk(o.getString("b"), rs, lines.offset());
    }
  }

  /** Marks a chunk replayed; once nothing is left the file starts over empty. */
  synchronized void acknowledge(Chunk chunk) throws IOException {
    Entry e = entries.poll();
    if (e == null) return;
    records -= e.records();
    replayed += e.records();
    if (entries.isEmpty()) {
      channel.truncate(0);
      channel.position(0);
      offset = 0;
    } else {
      offset = chunk.endOffset();
    }
    Path tmp = offsetFile.resolveSibling("spool.offset.tmp");
    Files.writeString(tmp, Long.toString(offset));
    Files.move(tmp, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The records among a chunk's entries: a Redis chunk may also hold context entries (a request's context,
   * which goes to the shard of its id), which are part of a record and not counted again.
   */
  private static int recordsIn(List<StoreRecord> chunk) {
    int n = 0;
    for (StoreRecord r : chunk) if (r.event() != null) n++;
    return n;
  }

  synchronized long records() {
    return records;
  }

  synchronized long bytes() {
    try {
      return channel.size() - offset;
    } catch (IOException e) {
      return -1;
    }
  }

  synchronized long oldestAgeMillis() {
    Entry e = entries.peek();
    return e == null ? 0 : Math.max(0, clock.millis() - e.spooledAtMillis());
  }

  synchronized long dropped() {
    return dropped;
  }

  synchronized long replayed() {
    return replayed;
  }

  synchronized long lastDropMillis() {
    return lastDropMillis;
  }

  synchronized void close() throws IOException {
    channel.close();
  }
}
