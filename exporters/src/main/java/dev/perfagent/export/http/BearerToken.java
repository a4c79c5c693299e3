package dev.perfagent.export.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * A secret that requests present as {@code Authorization: Bearer <token>}. Kept only as its SHA-256
 * digest, and compared digest to digest with {@link MessageDigest#isEqual}: the time a comparison takes
 * says nothing about how much of a guess was right, nor how long the token is. Thread-safe.
 */
final class BearerToken {

  private static final String SCHEME = "bearer ";

  private final byte[] digest;

  BearerToken(String token) {
    this.digest = sha256(token);
  }

  /** Whether {@code candidate} is the token; false for null. */
  boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
  }

  /** Whether an {@code Authorization} header value carries the token; the scheme name ignores case. */
  boolean authorizes(String authorization) {
    if (authorization == null) {
      return false;
    }
    String value = authorization.trim();
    if (value.length() <= SCHEME.length()
        || !value.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return false;
    }
    return matches(value.substring(SCHEME.length()).trim());
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
