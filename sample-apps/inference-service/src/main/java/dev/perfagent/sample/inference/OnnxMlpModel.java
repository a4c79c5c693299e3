package dev.perfagent.sample.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An MLP served by ONNX Runtime: one {@link OrtSession} over the model {@link OnnxMlpWriter} builds
 * in memory from an {@link MlpWeights}, so it computes what an {@link MlpModel} with the same
 * weights computes (up to float summation order).
 *
 * <p>Every {@link #score(float[])} is one {@code OrtSession.run} with a {@code [1, in]} tensor: the
 * "many threads each run one item" pattern whose per-call overhead batching removes; {@link
 * #scoreBatch(float[][])} is one run with an {@code [n, in]} tensor. The session is thread-safe and
 * shared; each call creates and closes its own tensors and results. {@link #close()} must not race
 * with calls still running.
 *
 * <p>On {@link Device#CUDA} the session runs on GPU 0 through ONNX Runtime's CUDA execution provider,
 * which only the {@code onnxruntime_gpu} jar carries (the {@code -Pgpu} build); tensors still go in
 * and come out through host memory, so each run also pays two copies over PCIe.
 */
public final class OnnxMlpModel extends LayeredModel {

  /**
   * One intra-op thread by default: the request threads are the parallelism, and a per-session
   * pool would have every concurrent run fight for the same cores.
   */
  public static final int DEFAULT_INTRA_OP_THREADS = 1;

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final Device device;
  private final long[] singleShape;

  /** Builds the model with {@link #DEFAULT_INTRA_OP_THREADS}. */
  public OnnxMlpModel(MlpWeights weights) {
    this(weights, DEFAULT_INTRA_OP_THREADS);
  }

  /** Builds the model on the CPU. */
  public OnnxMlpModel(MlpWeights weights, int intraOpThreads) {
    this(weights, intraOpThreads, Device.CPU);
  }

  /**
   * @param weights the parameters to serve
   * @param intraOpThreads threads ONNX Runtime may use inside one run; at least 1
   * @param device where the session runs
   * @throws IllegalArgumentException if {@code intraOpThreads} is below 1
   * @throws DeviceUnavailableException if {@code device} is {@link Device#CUDA} and this ONNX Runtime
   *     has no CUDA provider, or the provider cannot start (no GPU, driver or CUDA library)
   * @throws IllegalStateException if ONNX Runtime rejects the model or the options
   */
  public OnnxMlpModel(MlpWeights weights, int intraOpThreads, Device device) {
    super(weights.layerSizes());
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
    }
    if (device == null) {
      throw new IllegalArgumentException("device must not be null");
    }
    this.device = device;
    this.singleShape = new long[] {1, sizes[0]};
    // The process-wide environment: ONNX Runtime allows one, and it is never closed.
    this.environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      if (device == Device.CUDA) {
        addCuda(options);
      }
      // The session copies the options, so closing them here is safe.
      this.session = createSession(weights, options);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime rejects the session options: " + e.getMessage(), e);
    }
  }

  /**
   * Adds the CUDA provider for GPU 0. The providers compiled into the loaded library tell a CPU-only
   * build apart from a GPU build on a host that lacks the GPU, driver or libraries the provider loads.
   */
  private static void addCuda(OrtSession.SessionOptions options) {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      throw DeviceUnavailableException.cpuOnlyBuild();
    }
    try {
      options.addCUDA(0);
    } catch (OrtException e) {
      throw DeviceUnavailableException.cudaFailed(e.getMessage());
    }
  }

  private OrtSession createSession(MlpWeights weights, OrtSession.SessionOptions options) {
    try {
      return environment.createSession(OnnxMlpWriter.modelBytes(weights), options);
    } catch (OrtException e) {
      if (device == Device.CUDA) {
        // The same model loads on the CPU (OnnxMlpModelTest), so here the provider failed: with no
        // device it reports "CUDA failure 100: no CUDA-capable device is detected" at this point.
        throw DeviceUnavailableException.cudaFailed(e.getMessage());
      }
      throw new IllegalStateException("ONNX Runtime cannot load the MLP model: " + e.getMessage(), e);
    }
  }

  /**
   * Scores one item with one {@code OrtSession.run}.
   *
   * @throws IllegalArgumentException if the input is null or has the wrong length
   * @throws IllegalStateException if ONNX Runtime fails
   */
  @Override
  public float[] score(float[] input) {
    checkInput(input, 0);
    try (OnnxTensor x = OnnxTensor.createTensor(environment, FloatBuffer.wrap(input), singleShape);
        OrtSession.Result result = session.run(Map.of(OnnxMlpWriter.INPUT_NAME, x))) {
      float[] output = new float[outputSize()];
      outputBuffer(result, 1).get(output);
      return output;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
    }
  }

  /**
   * Scores many items with one {@code OrtSession.run} over an {@code [n, in]} tensor.
   *
   * @throws IllegalArgumentException if any item is null or has the wrong length
   * @throws IllegalStateException if ONNX Runtime fails
   */
  @Override
  public float[][] scoreBatch(float[][] inputs) {
    checkInputs(inputs);
    int in = sizes[0];
    float[] flat = new float[inputs.length * in];
    for (int r = 0; r < inputs.length; r++) {
      System.arraycopy(inputs[r], 0, flat, r * in, in);
    }
    float[][] outputs = new float[inputs.length][outputSize()];
    countBatch(inputs.length);
    if (inputs.length == 0) {
      return outputs;
    }
    long[] shape = {inputs.length, in};
    try (OnnxTensor x = OnnxTensor.createTensor(environment, FloatBuffer.wrap(flat), shape);
        OrtSession.Result result = session.run(Map.of(OnnxMlpWriter.INPUT_NAME, x))) {
      FloatBuffer buffer = outputBuffer(result, inputs.length);
      for (float[] row : outputs) {
        buffer.get(row);
      }
      return outputs;
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime run failed: " + e.getMessage(), e);
    }
  }

  /** @return {@code "onnxruntime"} */
  @Override
  public String runtime() {
    return "onnxruntime";
  }

  /** @return where the session runs */
  @Override
  public Device device() {
    return device;
  }

  /** Releases the native session. Call only once no {@code score} call is running. */
  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot close the session: " + e.getMessage(), e);
    }
  }

  /** The output {@code y} as a heap copy, checked to hold {@code rows × out} values. */
  private FloatBuffer outputBuffer(OrtSession.Result result, int rows) {
    OnnxValue y = result.get(0);
    if (!(y instanceof OnnxTensor)) {
      throw new IllegalStateException("output is not a tensor: " + y.getInfo());
    }
    FloatBuffer buffer = ((OnnxTensor) y).getFloatBuffer();
    if (buffer == null || buffer.remaining() != rows * outputSize()) {
      throw new IllegalStateException("output has shape " + y.getInfo() + ", expected [" + rows + ", " + outputSize() + "]");
    }
    return buffer;
  }

}
