package dev.perfagent.gpu;

/**
 * {@link CudaProbe} on {@link CudaAccelerator}: a class of its own so that naming the probe loads none of
 * the JavaCPP classes (they are resolved when {@link #open()} first runs, on the selecting thread).
 */
final class JavaCppCudaProbe implements CudaProbe {

    @Override
    public Accelerator open() throws AcceleratorUnavailableException {
        return CudaAccelerator.open();
    }

    @Override
    public String toString() {
        return "javacpp-cuda";
    }
}
