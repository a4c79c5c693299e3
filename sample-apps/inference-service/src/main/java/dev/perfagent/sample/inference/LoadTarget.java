package dev.perfagent.sample.inference;

/**
 * What the {@link LoadGenerator} drives: the model in this JVM ({@link ModelTarget}, {@link
 * CeilingTarget}) or the service over HTTP ({@link HttpTarget}).
 */
public interface LoadTarget {

  /**
   * Called once per worker thread, on that thread, before the clock starts, so that per-thread
   * set-up (an HTTP client, a batch of inputs) is not measured.
   *
   * @param worker the worker's index, from 0
   * @return what that worker calls for each request
   */
  Request newRequest(int worker);

  /** @return items one request carries: 1, or the batch size of a ceiling run */
  default int itemsPerRequest() {
    return 1;
  }

  /**
   * One worker's way to send a request. Used by one thread only.
   */
  @FunctionalInterface
  interface Request {

    /**
     * Sends one request and waits for its answer.
     *
     * @param sequence a number distinct for every request of this worker
     * @throws Exception if the request failed; the generator counts it by exception type
     */
    void send(long sequence) throws Exception;
  }
}
