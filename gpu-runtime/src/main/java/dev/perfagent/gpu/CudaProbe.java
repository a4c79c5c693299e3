package dev.perfagent.gpu;

/**
 * Loads CUDA and opens its devices. The real one is {@link #JAVACPP}; tests give one that fails as a host
 * without a driver or device would.
 */
@FunctionalInterface
public interface CudaProbe {

    /** The CUDA accelerator on the JavaCPP presets; its classes load only when it is called. */
    CudaProbe JAVACPP = new JavaCppCudaProbe();

    /**
     * @return an open CUDA accelerator with at least one device
     * @throws AcceleratorUnavailableException with the one-line reason when CUDA cannot be used here;
     *     any other throwable (a {@link LinkageError} from native loading) is caught by the caller
     */
    Accelerator open() throws AcceleratorUnavailableException;
}
