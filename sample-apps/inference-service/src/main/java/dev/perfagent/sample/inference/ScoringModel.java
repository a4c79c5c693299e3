package dev.perfagent.sample.inference;

/**
 * What the HTTP handlers and the load generator need from a model, whichever runtime computes it:
 * the pure-Java {@link MlpModel}, the ONNX Runtime {@link OnnxMlpModel} or the {@link NoopModel}. Implementations are thread-safe: every request
 * thread calls {@link #score(float[])} on the one shared instance. {@link #close()} releases what
 * a runtime holds outside the Java heap; it may run only once no call is running.
 */
public interface ScoringModel extends AutoCloseable {

  /**
   * Scores one item.
   *
   * @param input exactly {@link #inputSize()} values; only read
   * @return {@link #outputSize()} values
   * @throws IllegalArgumentException if the input is null or has the wrong length
   */
  float[] score(float[] input);

  /**
   * Scores many items in one call.
   *
   * @param inputs items of exactly {@link #inputSize()} values each; only read
   * @return one output array per item, in order
   * @throws IllegalArgumentException if any item is null or has the wrong length
   */
  float[][] scoreBatch(float[][] inputs);

  /** @return a copy of the layer sizes, input first */
  int[] layerSizes();

  /** @return the number of inputs one item must have */
  int inputSize();

  /** @return the number of outputs per item */
  int outputSize();

  /** @return what computes the model, for {@code /info}: {@code "java"}, {@code "onnxruntime"} or {@code "noop"} */
  String runtime();

  /** @return where the model computes, for {@code /info}; the CPU unless an ONNX model was opened on a GPU */
  default Device device() {
    return Device.CPU;
  }

  /**
   * @return how many {@link #scoreBatch(float[][])} calls this instance has served so far, whoever
   *     made them; the load generator reports it, so a run shows how large batches really were
   */
  long batchCalls();

  /** @return how many items those {@link #scoreBatch(float[][])} calls held in all */
  long batchedItems();

  /** Releases native resources, if any; the default has none to release. */
  @Override
  default void close() {}
}
