package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --device cuda} through the real ONNX Runtime on the class path. The default build carries
 * the CPU-only jar, where asking for CUDA must end in one line that says to rebuild with {@code -Pgpu};
 * under {@code -Pgpu} the CUDA provider either runs the model or fails with one line that says why.
 */
class CudaDeviceTest {

  private static final String PREFIX = "inference-service: ";

  private static boolean cudaProviderInBuild() {
    return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
  }

  @Test
  void theCpuOnlyBuildRefusesCudaWithOneLineSayingToRebuild() {
    assumeFalse(cudaProviderInBuild(), "this build has the CUDA provider (-Pgpu)");
    DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
        () -> new OnnxMlpModel(MlpWeights.generate(new int[] {64, 128, 16}, 1), 1, Device.CUDA));
    assertEquals(DeviceUnavailableException.cpuOnlyBuild().getMessage(), e.getMessage());
    assertTrue(e.getMessage().contains("CPU-only onnxruntime jar") && e.getMessage().contains("-Pgpu"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    // The same model opens on the CPU: the refusal is about the device, not the model.
    try (ScoringModel cpu = ModelKind.ONNX_SMALL.open(ModelKind.ONNX_SMALL.fixedLayers(), 1, 1, Device.CPU)) {
      assertEquals(Device.CPU, cpu.device());
    }
  }

  @Test
  void serveWithCudaOnTheCpuOnlyBuildExitsWithStatus1AndOneLine() throws Exception {
    assumeFalse(cudaProviderInBuild(), "this build has the CUDA provider (-Pgpu)");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"serve", "--model", "onnx-small", "--device", "cuda", "--port", "0"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, status);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals(List.of(PREFIX + DeviceUnavailableException.cpuOnlyBuild().getMessage()),
        err.toString(StandardCharsets.UTF_8).lines().toList());
  }

  /** The real exit path in its own JVM: status, and one stderr line with no stack trace. */
  @Test
  void serveProcessWithCudaOnTheCpuOnlyBuildExitsWithStatus1AndOneLine(@TempDir Path dir) throws Exception {
    assumeFalse(cudaProviderInBuild(), "this build has the CUDA provider (-Pgpu)");
    Path stdout = dir.resolve("stdout");
    Path stderr = dir.resolve("stderr");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    if (Runtime.version().feature() >= 22) {
      // What the jar's manifest grants (Enable-Native-Access): without it JDK 22+ warns on ONNX Runtime's
      // System.load, on stderr, which is not the app's line.
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
        "--model", "onnx-small", "--device", "cuda", "--port", "0"));
    Process process = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("serve --device cuda did not exit within 60 s; stdout: " + Files.readString(stdout)
          + " stderr: " + Files.readString(stderr));
    }
    assertEquals(1, process.exitValue(), Files.readString(stderr));
    assertEquals("", Files.readString(stdout));
    assertEquals(List.of(PREFIX + DeviceUnavailableException.cpuOnlyBuild().getMessage()),
        Files.readAllLines(stderr));
  }

  /** Under -Pgpu: on a host with a GPU the model runs there and agrees with the CPU; without one, one line. */
  @Test
  void theGpuBuildRunsOnCudaOrSaysWhyNot() {
    assumeTrue(cudaProviderInBuild(), "the CPU-only onnxruntime jar has no CUDA provider");
    MlpWeights weights = MlpWeights.generate(new int[] {64, 128, 16}, 3);
    OnnxMlpModel gpu;
    try {
      gpu = new OnnxMlpModel(weights, 1, Device.CUDA);
    } catch (DeviceUnavailableException e) {
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertTrue(e.getMessage().startsWith("--device cuda: "), e.getMessage());
      return;
    }
    try (gpu; OnnxMlpModel cpu = new OnnxMlpModel(weights, 1, Device.CPU)) {
      assertEquals(Device.CUDA, gpu.device());
      float[][] inputs = {SeededInput.generate(1, 64), SeededInput.generate(2, 64), SeededInput.generate(3, 64)};
      float[][] expected = cpu.scoreBatch(inputs);
      float[][] actual = gpu.scoreBatch(inputs);
      for (int i = 0; i < inputs.length; i++) {
        assertArrayEquals(expected[i], actual[i], 1e-3f);
        assertArrayEquals(expected[i], gpu.score(inputs[i]), 1e-3f);
      }
    }
  }

  @Test
  void onnxRuntimeMessagesAreCutToTheirUsefulLine() {
    assertEquals("Failed to find CUDA shared provider", DeviceUnavailableException.summary(
        "Error code - ORT_EP_FAIL - message: Failed to find CUDA shared provider"));
    // As ONNX Runtime reports a host without a GPU: source locations, then the CUDA error, then more.
    String noDevice = "/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc:123 std::conditional_t<THRW,"
        + " void, onnxruntime::common::Status> onnxruntime::CudaCall(...) CUDA failure 100: no CUDA-capable device"
        + " is detected ; GPU=-1 ; hostname=h ; file=cuda_execution_provider_info.cc ; line=66 ;"
        + " expr=cudaGetDeviceCount(&num_devices);\nmore";
    assertEquals("CUDA failure 100: no CUDA-capable device is detected", DeviceUnavailableException.summary(noDevice));
    assertEquals("--device cuda: no CUDA device or driver (CUDA failure 100: no CUDA-capable device is detected);"
        + " it needs " + DeviceUnavailableException.CUDA_NEEDS + ", or run with --device cpu",
        DeviceUnavailableException.cudaFailed(noDevice).getMessage());
    String missingLibrary = "Error code - ORT_EP_FAIL - message: Failed to load library libonnxruntime_providers_cuda.so"
        + " with error: libcublasLt.so.12: cannot open shared object file: No such file or directory\nsecond line";
    DeviceUnavailableException library = DeviceUnavailableException.cudaFailed(missingLibrary);
    assertTrue(library.getMessage().startsWith("--device cuda: a CUDA or cuDNN library is missing (Failed to load"
        + " library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open shared object file"),
        library.getMessage());
    assertFalse(library.getMessage().contains("second line"));
    assertTrue(DeviceUnavailableException.cudaFailed("something else").getMessage()
        .startsWith("--device cuda: the CUDA execution provider failed (something else)"));
    assertEquals("no message", DeviceUnavailableException.summary(null));
  }
}
