package dev.perfagent.sample.conflict;

/** One short exercise of a library the host brings, failing loudly if the library misbehaves. */
public interface LibraryCheck {

  /** @return the short name printed in status lines, e.g. {@code caffeine} */
  String name();

  /**
   * Exercises the library once.
   *
   * @return extra detail for the first status line (e.g. a version), or an empty string
   * @throws Exception if the library did not behave as its version documents
   */
  String run() throws Exception;

  /** Throws {@link IllegalStateException} with {@code message} unless {@code condition} holds. */
  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
