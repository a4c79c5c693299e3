package dev.perfagent.sample.inference;

import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSetStream_v2;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;
import static org.bytedeco.cuda.global.cudart.CUDA_SUCCESS;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.cudart.cuModuleUnload;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaHostAlloc;
import static org.bytedeco.cuda.global.cudart.cudaHostAllocDefault;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMemcpy;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;
import static org.bytedeco.cuda.global.nvrtc.NVRTC_SUCCESS;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCompileProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcCreateProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcDestroyProgram;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetPTX;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetPTXSize;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLog;
import static org.bytedeco.cuda.global.nvrtc.nvrtcGetProgramLogSize;

import java.nio.FloatBuffer;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The {@link MlpModel}'s function on an NVIDIA GPU: per layer one cuBLAS SGEMM over the whole batch and a
 * bias-and-ReLU kernel that NVRTC compiles at start. Inputs are staged in page-locked host memory and copied
 * to the device, the output copied back, all on one CUDA stream; calls run one at a time on it (a single
 * stream executes one call's kernels after another anyway), so a batch of 64 costs about what one item does.
 *
 * <p>Needs the NVIDIA driver and the CUDA 13 runtime, cuBLAS and NVRTC ({@code libcudart.so.13},
 * {@code libcublas.so.13}, {@code libnvrtc.so.13}); the JavaCPP presets' JNI libraries come with the jar.
 * Sums run in cuBLAS's order, so outputs match the CPU model's to float rounding, not bit for bit. Opened
 * only through {@link ModelKind#open(int[], long, int, Device)} and {@link #open(MlpWeights)}, so a CPU run loads
 * nothing of CUDA.
 */
final class CublasMlpModel extends LayeredModel {

  /** One thread per output value: adds the layer's bias and, on hidden layers, clamps at zero. */
  private static final String KERNEL = "extern \"C\" __global__ void bias_act(float* y, const float* b, int out,"
      + " int total, int relu) {\n"
      + "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
      + "  if (i < total) { float v = y[i] + b[i % out]; y[i] = (relu != 0 && v < 0.0f) ? 0.0f : v; }\n"
      + "}\n";
  private static final int BLOCK = 256;
  private static final int DEVICE = 0;

  private final Pointer[] weights;
  private final Pointer[] biases;
  private final cublasContext blas = new cublasContext();
  private final CUstream_st stream = new CUstream_st();
  private final CUmod_st module = new CUmod_st();
  private final CUfunc_st biasAct = new CUfunc_st();
  private final FloatPointer one = new FloatPointer(1f);
  private final FloatPointer zero = new FloatPointer(0f);
  /** Device activations per layer boundary and the page-locked staging, sized for {@link #rows} items. */
  private Pointer[] activations = new Pointer[0];
  private Pointer hostIn;
  private Pointer hostOut;
  private int rows;
  private boolean closed;

  /**
   * Loads CUDA, cuBLAS and NVRTC, uploads the weights and compiles the kernel.
   *
   * @param parameters the model, as {@link MlpModel} would compute it
   * @return the model on GPU 0
   * @throws DeviceUnavailableException if CUDA, cuBLAS or NVRTC cannot be loaded or started here
   */
  static CublasMlpModel open(MlpWeights parameters) {
    try {
      // Each class's static initialiser loads its JNI library and the CUDA library that one links to.
      Loader.load(cudart.class);
      Loader.load(cublas.class);
      Loader.load(nvrtc.class);
    } catch (Throwable t) {
      throw DeviceUnavailableException.cublasFailed(linkFailure(t));
    }
    return new CublasMlpModel(parameters);
  }

  private CublasMlpModel(MlpWeights parameters) {
    super(parameters.layerSizes());
    int layers = parameters.layerCount();
    this.weights = new Pointer[layers];
    this.biases = new Pointer[layers];
    try {
      int[] count = new int[1];
      int status = cudaGetDeviceCount(count);
      if (status != cudaSuccess || count[0] == 0) {
        throw DeviceUnavailableException.cublasFailed("no CUDA device (" + runtimeError(status) + ")");
      }
      check(cudaSetDevice(DEVICE), "cudaSetDevice");
      check(cudaStreamCreate(stream), "cudaStreamCreate");
      blasCheck(cublasCreate_v2(blas), "cublasCreate");
      blasCheck(cublasSetStream_v2(blas, stream), "cublasSetStream");
      loadKernel();
      for (int l = 0; l < layers; l++) {
        weights[l] = upload(flatten(parameters.weights(l)));
        biases[l] = upload(parameters.biases(l));
      }
    } catch (DeviceUnavailableException e) {
      release();
      throw e;
    } catch (IllegalStateException e) {
      release();
      throw DeviceUnavailableException.cublasFailed(e.getMessage());
    } catch (Throwable t) {
      // UnsatisfiedLinkError and friends: the JNI library or a CUDA library it needs did not load.
      release();
      throw DeviceUnavailableException.cublasFailed(linkFailure(t));
    }
  }

  @Override
  public float[] score(float[] input) {
    checkInput(input, 0);
    return run(new float[][] {input})[0];
  }

  @Override
  public float[][] scoreBatch(float[][] inputs) {
    checkInputs(inputs);
    float[][] out = inputs.length == 0 ? new float[0][] : run(inputs);
    countBatch(inputs.length);
    return out;
  }

  private synchronized float[][] run(float[][] inputs) {
    if (closed) {
      throw new IllegalStateException("the model is closed");
    }
    int n = inputs.length;
    // The driver API below needs the device's primary context current on this thread; the runtime call makes it so.
    check(cudaSetDevice(DEVICE), "cudaSetDevice");
    ensureRows(n);
    int in = sizes[0];
    FloatBuffer staged = new FloatPointer(hostIn).capacity((long) n * in).asBuffer();
    for (float[] row : inputs) {
      staged.put(row);
    }
    check(cudaMemcpyAsync(activations[0], hostIn, 4L * n * in, cudaMemcpyHostToDevice, stream), "copy to device");
    for (int l = 0; l < weights.length; l++) {
      int k = sizes[l];
      int m = sizes[l + 1];
      // Row-major [n × k]·[k × m] is column-major [m × k]·[k × n]: W as the left operand, no transposes.
      blasCheck(cublasSgemm_v2(blas, CUBLAS_OP_N, CUBLAS_OP_N, m, n, k, one, new FloatPointer(weights[l]), m,
          new FloatPointer(activations[l]), k, zero, new FloatPointer(activations[l + 1]), m), "cublasSgemm");
      launchBiasAct(activations[l + 1], biases[l], m, n * m, l < weights.length - 1);
    }
    int out = sizes[sizes.length - 1];
    check(cudaMemcpyAsync(hostOut, activations[weights.length], 4L * n * out, cudaMemcpyDeviceToHost, stream),
        "copy to host");
    check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    FloatBuffer result = new FloatPointer(hostOut).capacity((long) n * out).asBuffer();
    float[][] outputs = new float[n][out];
    for (float[] row : outputs) {
      result.get(row);
    }
    return outputs;
  }

  private void launchBiasAct(Pointer values, Pointer bias, int out, int total, boolean relu) {
    // kernelParams: one host pointer per argument, to memory holding its value (for y and b, a device address;
    // a PointerPointer of one Pointer would reinterpret that device address as the array itself).
    PointerPointer<Pointer> args = new PointerPointer<>(
        new LongPointer(new long[] {values.address()}), new LongPointer(new long[] {bias.address()}),
        new IntPointer(new int[] {out}), new IntPointer(new int[] {total}), new IntPointer(new int[] {relu ? 1 : 0}));
    int grid = (total + BLOCK - 1) / BLOCK;
    int status = cuLaunchKernel(biasAct, grid, 1, 1, BLOCK, 1, 1, 0, stream, args, null);
    if (status != CUDA_SUCCESS) {
      throw new IllegalStateException("cuLaunchKernel(bias_act): CUDA driver error " + status);
    }
  }

  /** Grows the device activations and the staging to hold {@code n} items (doubling, so growth is rare). */
  private void ensureRows(int n) {
    if (n <= rows) {
      return;
    }
    int grown = Math.max(n, Math.max(64, rows * 2));
    freeBuffers();
    activations = new Pointer[sizes.length];
    for (int l = 0; l < sizes.length; l++) {
      activations[l] = deviceAlloc(4L * grown * sizes[l]);
    }
    hostIn = hostAlloc(4L * grown * sizes[0]);
    hostOut = hostAlloc(4L * grown * sizes[sizes.length - 1]);
    rows = grown;
  }

  private void loadKernel() {
    _nvrtcProgram program = new _nvrtcProgram();
    nvrtcCheck(nvrtcCreateProgram(program, new BytePointer(KERNEL), new BytePointer("bias_act.cu"), 0,
        (PointerPointer<?>) null, (PointerPointer<?>) null), "nvrtcCreateProgram", null);
    try {
      nvrtcCheck(nvrtcCompileProgram(program, 0, (PointerPointer<?>) null), "nvrtcCompileProgram", program);
      SizeTPointer size = new SizeTPointer(1);
      nvrtcCheck(nvrtcGetPTXSize(program, size), "nvrtcGetPTXSize", program);
      BytePointer ptx = new BytePointer(size.get());
      nvrtcCheck(nvrtcGetPTX(program, ptx), "nvrtcGetPTX", program);
      int status = cuModuleLoadData(module, ptx);
      if (status != CUDA_SUCCESS) {
        throw new IllegalStateException("cuModuleLoadData: CUDA driver error " + status);
      }
      status = cuModuleGetFunction(biasAct, module, "bias_act");
      if (status != CUDA_SUCCESS) {
        throw new IllegalStateException("cuModuleGetFunction(bias_act): CUDA driver error " + status);
      }
    } finally {
      nvrtcDestroyProgram(program);
    }
  }

  private static void nvrtcCheck(int status, String call, _nvrtcProgram program) {
    if (status == NVRTC_SUCCESS) {
      return;
    }
    String log = "";
    if (program != null) {
      SizeTPointer size = new SizeTPointer(1);
      if (nvrtcGetProgramLogSize(program, size) == NVRTC_SUCCESS && size.get() > 1) {
        BytePointer text = new BytePointer(size.get());
        nvrtcGetProgramLog(program, text);
        log = ": " + text.getString().strip().replace('\n', ' ');
      }
    }
    throw new IllegalStateException(call + ": NVRTC error " + status + log);
  }

  private static Pointer upload(float[] values) {
    Pointer device = deviceAlloc(4L * values.length);
    check(cudaMemcpy(device, new FloatPointer(values), 4L * values.length, cudaMemcpyHostToDevice), "cudaMemcpy");
    return device;
  }

  private static Pointer deviceAlloc(long bytes) {
    Pointer device = new Pointer();
    check(cudaMalloc(device, bytes), "cudaMalloc(" + bytes + ")");
    return device;
  }

  private static Pointer hostAlloc(long bytes) {
    Pointer host = new Pointer();
    check(cudaHostAlloc(host, bytes, cudaHostAllocDefault), "cudaHostAlloc(" + bytes + ")");
    return host.capacity(bytes);
  }

  private static float[] flatten(float[][] matrix) {
    int columns = matrix[0].length;
    float[] flat = new float[matrix.length * columns];
    for (int r = 0; r < matrix.length; r++) {
      System.arraycopy(matrix[r], 0, flat, r * columns, columns);
    }
    return flat;
  }

  private static void check(int status, String call) {
    if (status != cudaSuccess) {
      throw new IllegalStateException(call + ": " + runtimeError(status));
    }
  }

  private static void blasCheck(int status, String call) {
    if (status != CUBLAS_STATUS_SUCCESS) {
      throw new IllegalStateException(call + ": cuBLAS status " + status);
    }
  }

  private static String runtimeError(int status) {
    try {
      return cudaGetErrorString(status).getString() + " (" + status + ")";
    } catch (RuntimeException | LinkageError e) {
      return "CUDA error " + status;
    }
  }

  /** The dynamic linker's reason, from JavaCPP's chain of causes, on one line. */
  static String linkFailure(Throwable t) {
    StringBuilder text = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String message = c.getMessage();
      if (message != null && (message.contains(".so") || c.getCause() == null)) {
        text.setLength(0);
        text.append(message);
      }
    }
    String line = text.length() == 0 ? t.toString() : text.toString();
    int newline = line.indexOf('\n');
    return (newline >= 0 ? line.substring(0, newline) : line).strip();
  }

  /** @return {@code "cublas"} */
  @Override
  public String runtime() {
    return "cublas";
  }

  @Override
  public Device device() {
    return Device.CUDA;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      release();
    }
  }

  private void release() {
    freeBuffers();
    for (Pointer p : weights) {
      freeDevice(p);
    }
    for (Pointer p : biases) {
      freeDevice(p);
    }
    try {
      if (!blas.isNull()) {
        cublasDestroy_v2(blas);
      }
      if (!module.isNull()) {
        cuModuleUnload(module);
      }
      if (!stream.isNull()) {
        cudaStreamDestroy(stream);
      }
    } catch (LinkageError e) {
      // Nothing was loaded, so nothing was made.
    }
  }

  private void freeBuffers() {
    for (Pointer p : activations) {
      freeDevice(p);
    }
    activations = new Pointer[0];
    if (hostIn != null) {
      cudaFreeHost(hostIn);
      hostIn = null;
    }
    if (hostOut != null) {
      cudaFreeHost(hostOut);
      hostOut = null;
    }
    rows = 0;
  }

  private static void freeDevice(Pointer p) {
    if (p != null && !p.isNull()) {
      cudaFree(p);
    }
  }

}
