package dev.perfagent.sample.inference;

/**
 * The device a model was asked to run on cannot be used here: the build lacks its ONNX Runtime
 * execution provider, or the provider found no usable GPU, driver or CUDA library. The message is
 * one line that says why and what to do; the service prints it after {@code inference-service: }
 * and exits without a stack trace.
 */
public final class DeviceUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The advice for a host that lacks the pieces the CUDA provider loads. */
  static final String CUDA_NEEDS = "CUDA 12 and cuDNN 9 on the library path and an NVIDIA GPU with its driver";

  /** @param message one line: why, and what to do */
  DeviceUnavailableException(String message) {
    super(message, null, false, false);
  }

  /** The running ONNX Runtime has no CUDA provider compiled in: the CPU-only {@code onnxruntime} jar. */
  static DeviceUnavailableException cpuOnlyBuild() {
    return new DeviceUnavailableException("--device cuda needs ONNX Runtime's CUDA execution provider, and this"
        + " build has the CPU-only onnxruntime jar: rebuild with -Pgpu (mvn -B -Pgpu -pl sample-apps/inference-service"
        + " -am package -DskipTests; needs " + CUDA_NEEDS + ")");
  }

  /** What {@code --model mlp --device cuda} ({@link CublasMlpModel}) needs of the host. */
  static final String CUBLAS_NEEDS = "an NVIDIA GPU with its driver and the CUDA 13 runtime, cuBLAS and NVRTC"
      + " (libcudart.so.13, libcublas.so.13, libnvrtc.so.13) on the library path";

  /**
   * The cuBLAS model could not start.
   *
   * @param detail one line: what failed
   */
  static DeviceUnavailableException cublasFailed(String detail) {
    return new DeviceUnavailableException("--device cuda with --model mlp: " + detail + "; it needs " + CUBLAS_NEEDS
        + ", or run with --device cpu");
  }

  /**
   * The CUDA provider is in the build but failed to start.
   *
   * @param ortMessage ONNX Runtime's message, which may span lines and carry source locations
   */
  static DeviceUnavailableException cudaFailed(String ortMessage) {
    String detail = summary(ortMessage);
    String why;
    if (detail.contains("cannot open shared object") || detail.contains("Failed to load")) {
      why = "a CUDA or cuDNN library is missing";
    } else if (detail.contains("CUDA failure") || detail.contains("CUDA driver")) {
      why = "no CUDA device or driver";
    } else {
      why = "the CUDA execution provider failed";
    }
    return new DeviceUnavailableException("--device cuda: " + why + " (" + detail + "); it needs " + CUDA_NEEDS
        + ", or run with --device cpu");
  }

  /**
   * The useful part of an ONNX Runtime error: the {@code CUDA failure N: text} clause when there is
   * one (the rest is source locations and host names), else the first line without the {@code Error
   * code - ... - message:} prefix the Java binding adds.
   */
  static String summary(String ortMessage) {
    if (ortMessage == null || ortMessage.isBlank()) {
      return "no message";
    }
    String text = ortMessage.strip();
    int cuda = text.indexOf("CUDA failure");
    if (cuda >= 0) {
      int end = text.indexOf(" ;", cuda);
      return oneLine(text.substring(cuda, end > 0 ? end : text.length()));
    }
    int prefix = text.indexOf(" - message: ");
    if (text.startsWith("Error code - ") && prefix > 0) {
      text = text.substring(prefix + " - message: ".length());
    }
    return oneLine(text);
  }

  private static String oneLine(String text) {
    int newline = text.indexOf('\n');
    return (newline >= 0 ? text.substring(0, newline) : text).strip();
  }
}
