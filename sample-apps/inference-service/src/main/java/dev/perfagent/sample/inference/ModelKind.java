package dev.perfagent.sample.inference;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The models {@code serve --model} can serve. The ONNX sizes match the figures the batching issue
 * quotes: a small model where per-call overhead dominates and a large one where the matrix
 * multiply does.
 */
public enum ModelKind {

  /** The pure-Java {@link MlpModel}, with the {@code --layers} sizes. */
  MLP("mlp", null),
  /** {@link OnnxMlpModel} 64→128→16. */
  ONNX_SMALL("onnx-small", new int[] {64, 128, 16}),
  /** {@link OnnxMlpModel} 256→1024→16. */
  ONNX_LARGE("onnx-large", new int[] {256, 1024, 16}),
  /**
   * {@link NoopModel}: no work, a constant output. Its input and output sizes come from {@code
   * --layers}, so it parses the same requests as the model it stands in for.
   */
  NOOP("noop", null);

  private final String optionValue;
  private final int[] fixedLayers;

  ModelKind(String optionValue, int[] fixedLayers) {
    this.optionValue = optionValue;
    this.fixedLayers = fixedLayers;
  }

  /** @return the value {@code --model} takes for this kind, e.g. {@code onnx-large} */
  public String optionValue() {
    return optionValue;
  }

  /** @return whether {@code --layers} chooses the sizes; the ONNX kinds have fixed ones */
  public boolean takesLayers() {
    return fixedLayers == null;
  }

  /** @return whether ONNX Runtime computes this kind */
  public boolean runsOnOnnxRuntime() {
    return this == ONNX_SMALL || this == ONNX_LARGE;
  }

  /** @return whether {@code --device cuda} applies: the ONNX kinds (CUDA provider) and {@code mlp} (cuBLAS) */
  public boolean runsOnCuda() {
    return this != NOOP;
  }

  /**
   * @return a copy of this kind's fixed layer sizes
   * @throws IllegalStateException for {@link #MLP} and {@link #NOOP}, whose sizes come from {@code --layers}
   */
  public int[] fixedLayers() {
    if (fixedLayers == null) {
      throw new IllegalStateException(optionValue + " has no fixed layer sizes");
    }
    return fixedLayers.clone();
  }

  /** Builds the model on the CPU; see {@link #open(int[], long, int, Device)}. */
  public ScoringModel open(int[] layers, long seed, int intraOpThreads) {
    return open(layers, seed, intraOpThreads, Device.CPU);
  }

  /**
   * Builds the model. For the ONNX kinds this loads ONNX Runtime's native library.
   *
   * @param layers layer sizes, input first
   * @param seed seed for the weights
   * @param intraOpThreads ONNX Runtime threads per run; ignored by {@link #MLP} and {@link #NOOP}
   * @param device where the model runs; {@link Device#CUDA} runs {@link #MLP} through cuBLAS ({@link
   *     CublasMlpModel}) and the ONNX kinds on ONNX Runtime's CUDA provider; only {@link Device#CPU} for {@link #NOOP}
   * @throws IllegalArgumentException if this kind cannot run on {@code device}
   * @throws DeviceUnavailableException if {@code device} cannot be used on this host or with this build
   * @throws IllegalStateException if ONNX Runtime rejects the model
   */
  public ScoringModel open(int[] layers, long seed, int intraOpThreads, Device device) {
    device.checkSupports(this);
    // OnnxMlpModel and CublasMlpModel are named only here, so the pure-Java models run without ONNX Runtime or
    // JavaCPP's CUDA presets being loaded.
    switch (this) {
      case MLP: return device == Device.CUDA
          ? CublasMlpModel.open(MlpWeights.generate(layers, seed)) : new MlpModel(layers, seed);
      case NOOP: return new NoopModel(layers);
      default: return new OnnxMlpModel(MlpWeights.generate(layers, seed), intraOpThreads, device);
    }
  }

  /**
   * @param value what followed {@code --model}
   * @throws IllegalArgumentException naming the allowed values
   */
  public static ModelKind fromOption(String value) {
    for (ModelKind kind : values()) {
      if (kind.optionValue.equals(value)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("--model must be one of " + choices() + ", got '" + value + "'");
  }

  /** @return e.g. {@code mlp|onnx-small|onnx-large} */
  static String choices() {
    return Arrays.stream(values()).map(ModelKind::optionValue).collect(Collectors.joining("|"));
  }
}
