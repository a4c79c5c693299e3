package dev.perfagent.gpu;

import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaHostAlloc;
import static org.bytedeco.cuda.global.cudart.cudaHostAllocPortable;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;

/**
 * Page-locked host memory from {@code cudaHostAlloc} (portable: pinned for every device's context), the
 * CUDA accelerator's staging memory. Each buffer remembers its native pointer until {@link #free} gives it
 * back with {@code cudaFreeHost}.
 */
final class PinnedHostMemory implements HostMemory {
    private final Map<ByteBuffer, Pointer> pointers = new IdentityHashMap<>();

    @Override
    public String kind() {
        return "pinned";
    }

    @Override
    public ByteBuffer allocate(int bytes) {
        Pointer host = new Pointer();
        int status = cudaHostAlloc(host, bytes, cudaHostAllocPortable);
        if (status != cudaSuccess || host.isNull()) {
            throw new IllegalStateException("cudaHostAlloc(" + bytes + "): " + CudaAccelerator.errorText(status));
        }
        ByteBuffer buffer = host.capacity(bytes).limit(bytes).asByteBuffer().order(ByteOrder.nativeOrder());
        synchronized (pointers) {
            pointers.put(buffer, host);
        }
        return buffer;
    }

    @Override
    public void free(ByteBuffer buffer) {
        Pointer host;
        synchronized (pointers) {
            host = pointers.remove(buffer);
        }
        if (host != null) {
            cudaFreeHost(host);
        }
    }
}
