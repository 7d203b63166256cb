package dev.abgw.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The tokens the admin port accepts: {@code ABGW_ADMIN_TOKEN} (role admin, name {@code "admin"}) and those of
 * the tokens file, re-read when its modification time or size changes. A file that no longer parses keeps
 * the previous tokens, and the log says why, so a typo never locks everyone out nor opens the door.
 */
public final class TokenRegistry {
  private final TokenEntry admin;
  private final Path file;
  private final Consumer<String> log;
  private volatile List<TokenEntry> fromFile = List.of();
  private FileTime seenModified;
  private long seenSize = -1;

  private TokenRegistry(String adminToken, Path file, Consumer<String> log) {
    this.admin = adminToken == null ? null : TokenEntry.of("admin", Role.ADMIN, adminToken);
    this.file = file;
    this.log = log;
  }

  /**
   * Tokens from {@code adminToken} (may be null) and {@code file} (may be null); a file that cannot be read or
   * parsed at start is an error (IllegalArgumentException naming every problem), not an empty set.
   */
  public static TokenRegistry load(String adminToken, Path file, Consumer<String> log) {
    TokenRegistry r = new TokenRegistry(adminToken, file, log);
    if (file != null) {
      List<String> problems = r.reload();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("--tokens " + file + ": " + String.join("; ", problems));
      }
    }
    return r;
  }

  /** True when no token at all is configured: the admin port is open (local development). */
  public boolean open() {
    return admin == null && file == null;
  }

  /** The principal whose token is {@code token}; every entry is compared, in constant time each. */
  public Optional<Principal> find(String token) {
    if (token == null) return Optional.empty();
    byte[] given = TokenEntry.digest(token);
    Principal found = null;
    List<TokenEntry> all = new ArrayList<>(fromFile);
    if (admin != null) all.add(admin);
    for (TokenEntry e : all) {
      if (e.matches(given) && found == null) found = e.principal();
    }
    return Optional.ofNullable(found);
  }

  /** Re-reads the file every {@code periodMillis} on a worker thread when it changed; returns the timer id. */
  public long watch(Vertx vertx, long periodMillis) {
    if (file == null) return -1;
    return vertx.setPeriodic(periodMillis, id -> vertx.executeBlocking(() -> {
      List<String> problems = reloadIfChanged();
      if (!problems.isEmpty()) {
        log.accept("--tokens " + file + " was changed but is refused, the previous tokens stay: " + String.join("; ", problems));
      }
      return null;
    }, false));
  }

  synchronized List<String> reloadIfChanged() {
    try {
      if (Files.getLastModifiedTime(file).equals(seenModified) && Files.size(file) == seenSize) return List.of();
    } catch (IOException e) {
      return List.of("cannot read it: " + e);
    }
    return reload();
  }

  private synchronized List<String> reload() {
    String text;
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      text = Files.readString(file, StandardCharsets.UTF_8);
      seenModified = modified;
      seenSize = size;
    } catch (IOException e) {
      return List.of("cannot read it: " + e);
    }
    TokensFile.Parsed parsed = TokensFile.parse(text);
    if (!parsed.problems().isEmpty()) return parsed.problems();
    fromFile = parsed.entries();
    log.accept("--tokens " + file + ": " + parsed.entries().size() + " token(s) loaded");
    return List.of();
  }

  /** For callers that must not block: the same check as the timer's, on a worker. */
  public Future<List<String>> reloadNow(Vertx vertx) {
    return vertx.executeBlocking(this::reloadIfChanged, false);
  }
}
