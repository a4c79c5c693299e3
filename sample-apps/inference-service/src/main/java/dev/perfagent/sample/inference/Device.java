package dev.perfagent.sample.inference;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a model runs: {@code --device cpu|cuda}. The ONNX kinds run on ONNX Runtime's CPU or CUDA provider,
 * {@code mlp} in pure Java or, on CUDA, through cuBLAS ({@link CublasMlpModel}); the no-op model runs on the CPU
 * only (see {@link ModelKind#runsOnCuda()}).
 */
public enum Device {

  /** ONNX Runtime's default CPU execution provider. */
  CPU("cpu"),
  /**
   * GPU 0. The ONNX kinds use ONNX Runtime's CUDA execution provider: the {@code onnxruntime_gpu} jar (the
   * {@code -Pgpu} build), CUDA 12 and cuDNN 9 on the host. {@code mlp} uses cuBLAS and needs CUDA 13.
   */
  CUDA("cuda");

  /** The device when {@code --device} is not given. */
  public static final Device DEFAULT = CPU;

  private final String optionValue;

  Device(String optionValue) {
    this.optionValue = optionValue;
  }

  /** @return the value {@code --device} takes for this device */
  public String optionValue() {
    return optionValue;
  }

  /**
   * @param value what followed {@code --device}
   * @throws IllegalArgumentException naming the allowed values
   */
  public static Device fromOption(String value) {
    for (Device device : values()) {
      if (device.optionValue.equals(value)) {
        return device;
      }
    }
    throw new IllegalArgumentException("--device must be one of "
        + Arrays.stream(values()).map(Device::optionValue).collect(Collectors.joining("|")) + ", got '" + value + "'");
  }

  /**
   * @throws IllegalArgumentException if {@code model} cannot run on this device
   */
  void checkSupports(ModelKind model) {
    if (this != CPU && !model.runsOnCuda()) {
      throw new IllegalArgumentException("--device " + optionValue + " applies to --model mlp, onnx-small and"
          + " onnx-large only; " + model.optionValue() + " runs on the CPU");
    }
  }
}
