package dev.perfagent.export.http;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use an {@link AgentHttpServer}, and for what.
 *
 * <ul>
 *   <li>With a {@link #token()}, every request must carry {@code Authorization: Bearer <token>} or is answered
 *       401. The dashboard page ({@code /}) also takes it once as {@code ?token=}, since a browser cannot add a
 *       header when it opens a page; {@link #openPaths()} (the dashboard's scripts and styles, which hold nothing
 *       of the host) need none, since a browser cannot add one when a page loads them either.</li>
 *   <li>Requests other than {@code GET} and {@code HEAD} are answered 405 unless {@link #allowActions()} is on
 *       and the token matched; only then do they reach an action endpoint.</li>
 * </ul>
 *
 * <p>{@link #toString()} never shows the token.
 *
 * @param token the bearer token requests must carry, or empty to let every request in
 * @param allowActions whether requests that change the host (to action endpoints) may go through; needs a token
 * @param openPaths paths served without the token: static files that hold no data of the host
 */
public record HttpAccess(Optional<String> token, boolean allowActions, Set<String> openPaths) {

  /** Checks the arguments: actions need a token, and a token must not be empty. */
  public HttpAccess {
    Objects.requireNonNull(token, "token");
    openPaths = openPaths == null ? Set.of() : Set.copyOf(openPaths);
    if (token.isPresent() && token.get().isEmpty()) {
      throw new IllegalArgumentException("the token must not be empty");
    }
    if (allowActions && token.isEmpty()) {
      throw new IllegalArgumentException("actions need a token");
    }
  }

  /**
   * No token, read-only: for a server on loopback.
   *
   * @return the policy
   */
  public static HttpAccess open() {
    return new HttpAccess(Optional.empty(), false, Set.of());
  }

  /**
   * Requests must carry {@code token}; read-only.
   *
   * @param token the bearer token
   * @return the policy
   */
  public static HttpAccess withToken(String token) {
    return new HttpAccess(Optional.of(token), false, Set.of());
  }

  /**
   * This policy with actions allowed for requests that carry the token.
   *
   * @return the new policy
   */
  public HttpAccess allowingActions() {
    return new HttpAccess(token, true, openPaths);
  }

  /**
   * This policy with {@code paths} served without the token.
   *
   * @param paths static files that hold no data of the host
   * @return the new policy
   */
  public HttpAccess withOpenPaths(Set<String> paths) {
    return new HttpAccess(token, allowActions, paths);
  }

  /** The fields, the token as {@code ***} when set. */
  @Override
  public String toString() {
    return "HttpAccess[token=" + (token.isPresent() ? "***" : "none") + ", allowActions=" + allowActions
        + ", openPaths=" + openPaths + "]";
  }
}
