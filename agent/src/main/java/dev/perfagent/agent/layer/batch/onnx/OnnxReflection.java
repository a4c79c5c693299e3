package dev.perfagent.agent.layer.batch.onnx;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of ONNX Runtime's Java API the adapter uses, resolved once per class loader that holds
 * {@code ai.onnxruntime}. perf-agent's classes live in its own class loader, whose parent is the platform
 * loader: they cannot link against {@code ai.onnxruntime.*}, which the host's loader holds, so everything goes
 * through method handles looked up here, adapted to {@code Object} types.
 *
 * <p>Two members are not public API and are reached with {@code setAccessible} (the host's classes are in an
 * unnamed module, which opens every package): {@code OnnxTensor#getBuffer()}, a view of the tensor's native
 * memory that saves a copy (when it is missing, the public {@code getByteBuffer()} copy is used), and the
 * package-private constructor {@code OrtSession.Result(String[], OnnxValue[], boolean[])}, the only way to
 * give each caller a {@code Result} of its own.
 *
 * <p>Immutable and thread-safe. Every method throws what the handle throws, unchanged (an
 * {@code OrtException} from ONNX Runtime among them).
 */
final class OnnxReflection {
    /** Element types a batch can concatenate and split: fixed-size, so rows are plain runs of bytes. */
    private static final List<String> FIXED_SIZE_TYPES = List.of("FLOAT", "DOUBLE", "INT8", "INT16", "INT32",
            "INT64", "UINT8", "BOOL", "FLOAT16", "BFLOAT16");

    private final Class<?> tensorClass;
    private final Class<?> tensorInfoClass;
    private final Class<?> valueClass;
    private final Object environment;
    private final Object[] fixedSizeTypes;
    private final MethodHandle isClosed;
    private final MethodHandle tensorInfo;
    private final MethodHandle shape;
    private final MethodHandle type;
    private final MethodHandle typeSize;
    private final MethodHandle data;
    private final boolean dataIsView;
    private final MethodHandle createTensor;
    private final MethodHandle newResult;
    private final MethodHandle run;
    private final MethodHandle inputInfo;
    private final MethodHandle outputInfo;
    private final MethodHandle outputNames;
    private final MethodHandle nodeValueInfo;
    /** {@code OrtSession.closed}, private; null where it is missing (a session then counts as open). */
    private final MethodHandle sessionClosed;
    private final MethodHandle configEntries;
    private final MethodHandle newOptions;
    private final MethodHandle intraOpThreads;
    private final MethodHandle addConfigEntry;
    private final MethodHandle closeOptions;
    private final MethodHandle sessionFromPath;
    private final MethodHandle sessionFromBytes;
    private final MethodHandle sessionFromBuffer;
    private final MethodHandle closeSession;

    private OnnxReflection(ClassLoader loader) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Class<?> session = Class.forName(OnnxRunAdapters.SESSION, false, loader);
        Class<?> runOptions = Class.forName(RunParameters.RUN_OPTIONS, false, loader);
        Class<?> result = Class.forName(RunParameters.RESULT, false, loader);
        Class<?> environmentClass = Class.forName("ai.onnxruntime.OrtEnvironment", false, loader);
        Class<?> tensorLike = Class.forName("ai.onnxruntime.OnnxTensorLike", false, loader);
        Class<?> javaType = Class.forName("ai.onnxruntime.OnnxJavaType", false, loader);
        Class<?> nodeInfo = Class.forName("ai.onnxruntime.NodeInfo", false, loader);
        tensorClass = Class.forName("ai.onnxruntime.OnnxTensor", false, loader);
        tensorInfoClass = Class.forName("ai.onnxruntime.TensorInfo", false, loader);
        valueClass = Class.forName("ai.onnxruntime.OnnxValue", false, loader);

        environment = environmentClass.getMethod("getEnvironment").invoke(null);
        List<Object> types = new ArrayList<>();
        for (Object constant : javaType.getEnumConstants()) {
            if (FIXED_SIZE_TYPES.contains(((Enum<?>) constant).name())) {
                types.add(constant);
            }
        }
        fixedSizeTypes = types.toArray();

        isClosed = generic(lookup.unreflect(tensorLike.getMethod("isClosed")));
        // getMethod picks the most specific return type: TensorInfo getInfo(), not the ValueInfo bridge.
        tensorInfo = generic(lookup.unreflect(tensorLike.getMethod("getInfo")));
        shape = generic(lookup.unreflect(tensorInfoClass.getMethod("getShape")));
        type = generic(lookup.unreflectGetter(tensorInfoClass.getField("type")));
        typeSize = generic(lookup.unreflectGetter(javaType.getField("size")));
        Method view = nativeView(tensorClass);
        dataIsView = view != null;
        data = generic(lookup.unreflect(view != null ? view : tensorClass.getMethod("getByteBuffer")));
        createTensor = generic(lookup.unreflect(tensorClass.getMethod("createTensor", environmentClass, ByteBuffer.class,
                long[].class, javaType)));
        Class<?> values = Array.newInstance(valueClass, 0).getClass();
        Constructor<?> resultConstructor = result.getDeclaredConstructor(String[].class, values, boolean[].class);
        resultConstructor.setAccessible(true);
        newResult = lookup.unreflectConstructor(resultConstructor)
                .asType(MethodType.methodType(Object.class, String[].class, Object.class, boolean[].class));
        run = generic(lookup.unreflect(session.getMethod("run", Map.class, Set.class, Map.class, runOptions)));
        inputInfo = generic(lookup.unreflect(session.getMethod("getInputInfo")));
        outputInfo = generic(lookup.unreflect(session.getMethod("getOutputInfo")));
        outputNames = generic(lookup.unreflect(session.getMethod("getOutputNames")));
        nodeValueInfo = generic(lookup.unreflect(nodeInfo.getMethod("getInfo")));

        Class<?> options = Class.forName(SESSION_OPTIONS, false, loader);
        sessionClosed = closedField(session, lookup);
        configEntries = generic(lookup.unreflect(options.getMethod("getConfigEntries")));
        newOptions = generic(lookup.unreflectConstructor(options.getConstructor()));
        intraOpThreads = generic(lookup.unreflect(options.getMethod("setIntraOpNumThreads", int.class)));
        addConfigEntry = generic(lookup.unreflect(options.getMethod("addConfigEntry", String.class, String.class)));
        closeOptions = generic(lookup.unreflect(options.getMethod("close")));
        sessionFromPath = generic(lookup.unreflect(environmentClass.getMethod("createSession", String.class, options)));
        sessionFromBytes = generic(lookup.unreflect(environmentClass.getMethod("createSession", byte[].class,
                options)));
        sessionFromBuffer = generic(lookup.unreflect(environmentClass.getMethod("createSession", ByteBuffer.class,
                options)));
        closeSession = generic(lookup.unreflect(session.getMethod("close")));
    }

    /** The class of a session's options. */
    static final String SESSION_OPTIONS = "ai.onnxruntime.OrtSession$SessionOptions";

    private static MethodHandle closedField(Class<?> session, MethodHandles.Lookup lookup) {
        try {
            Field closed = session.getDeclaredField("closed");
            closed.setAccessible(true);
            return lookup.unreflectGetter(closed).asType(MethodType.methodType(boolean.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Resolves the API in {@code loader}.
     *
     * @throws ReflectiveOperationException when a class or member is missing (another ONNX Runtime version)
     */
    static OnnxReflection resolve(ClassLoader loader) throws ReflectiveOperationException {
        return new OnnxReflection(loader);
    }

    private static Method nativeView(Class<?> tensorClass) {
        try {
            Method view = tensorClass.getDeclaredMethod("getBuffer");
            if (view.getReturnType() != ByteBuffer.class) {
                return null;
            }
            view.setAccessible(true);
            return view;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The handle with every host type erased to Object (JDK types such as arrays and ByteBuffer stay), so that
     * {@code invokeExact} call sites here link without naming a host class.
     */
    private static MethodHandle generic(MethodHandle handle) {
        MethodType type = handle.type();
        for (int i = 0; i < type.parameterCount(); i++) {
            if (!type.parameterType(i).isPrimitive() && !type.parameterType(i).isArray()
                    && type.parameterType(i) != ByteBuffer.class) {
                type = type.changeParameterType(i, Object.class);
            }
        }
        if (!type.returnType().isPrimitive() && !type.returnType().isArray() && type.returnType() != ByteBuffer.class) {
            type = type.changeReturnType(Object.class);
        }
        return handle.asType(type);
    }

    /** Whether {@code value} is a dense {@code OnnxTensor} (not a sparse tensor, sequence or map). */
    boolean isTensor(Object value) {
        return tensorClass.isInstance(value);
    }

    /** Whether {@code valueInfo} describes a tensor (not a sequence or map). */
    boolean isTensorInfo(Object valueInfo) {
        return tensorInfoClass.isInstance(valueInfo);
    }

    boolean isClosed(Object tensor) throws Throwable {
        return (boolean) isClosed.invokeExact(tensor);
    }

    /** {@code tensor.getInfo()}: its {@code TensorInfo}. */
    Object info(Object tensor) throws Throwable {
        return (Object) tensorInfo.invokeExact(tensor);
    }

    /** {@code TensorInfo#getShape()}: a copy; -1 marks a dimension the model leaves open. */
    long[] shape(Object tensorInfo) throws Throwable {
        return (long[]) shape.invokeExact(tensorInfo);
    }

    /** {@code TensorInfo#type}: the {@code OnnxJavaType}. */
    Object type(Object tensorInfo) throws Throwable {
        return (Object) type.invokeExact(tensorInfo);
    }

    /** Bytes per element of an {@code OnnxJavaType}. */
    int size(Object javaType) throws Throwable {
        return (int) typeSize.invokeExact(javaType);
    }

    /** Whether the adapter can concatenate and split tensors of this {@code OnnxJavaType}. */
    boolean isFixedSize(Object javaType) {
        for (Object supported : fixedSizeTypes) {
            if (supported == javaType) {
                return true;
            }
        }
        return false;
    }

    /**
     * The tensor's bytes in native order, position 0: a view of its native memory (valid while the tensor is
     * open; never written through), or a copy where the view is not available.
     */
    ByteBuffer data(Object tensor) throws Throwable {
        return ((ByteBuffer) data.invokeExact(tensor)).order(ByteOrder.nativeOrder());
    }

    /** Whether {@link #data} is a view rather than a copy. */
    boolean dataIsView() {
        return dataIsView;
    }

    /**
     * {@code OnnxTensor.createTensor(env, bytes, shape, type)}: from a direct buffer ONNX Runtime copies
     * nothing, and the tensor reads the buffer until it is closed.
     */
    Object createTensor(ByteBuffer bytes, long[] shape, Object javaType) throws Throwable {
        return (Object) createTensor.invokeExact(environment, bytes, shape, javaType);
    }

    /** A new {@code OrtSession.Result} holding {@code values} under {@code names}; it closes those it owns. */
    Object newResult(String[] names, Object[] values, boolean[] owned) throws Throwable {
        Object typed = Array.newInstance(valueClass, values.length);
        System.arraycopy(values, 0, typed, 0, values.length);
        return (Object) newResult.invokeExact(names, typed, owned);
    }

    /** {@code session.run(inputs, outputs, pinned, options)}, the overload every other overload ends in. */
    Object run(Object session, Map<String, Object> inputs, Set<?> outputs, Map<?, ?> pinned, Object options)
            throws Throwable {
        return (Object) run.invokeExact(session, (Object) inputs, (Object) outputs, (Object) pinned, options);
    }

    /** {@code session.getInputInfo()}: input name to {@code NodeInfo}, in the model's order. */
    Map<?, ?> inputInfo(Object session) throws Throwable {
        return (Map<?, ?>) (Object) inputInfo.invokeExact(session);
    }

    /** {@code session.getOutputInfo()}: output name to {@code NodeInfo}, in the model's order. */
    Map<?, ?> outputInfo(Object session) throws Throwable {
        return (Map<?, ?>) (Object) outputInfo.invokeExact(session);
    }

    /** {@code session.getOutputNames()}: what {@code run(Map)} requests, in the model's order. */
    Set<?> outputNames(Object session) throws Throwable {
        return (Set<?>) (Object) outputNames.invokeExact(session);
    }

    /** {@code nodeInfo.getInfo()}: its {@code ValueInfo}. */
    Object valueInfo(Object nodeInfo) throws Throwable {
        return (Object) nodeValueInfo.invokeExact(nodeInfo);
    }

    /** Whether {@code session} was closed; false where the flag cannot be read. */
    boolean isSessionClosed(Object session) throws Throwable {
        return sessionClosed != null && (boolean) sessionClosed.invokeExact(session);
    }

    /** {@code options.getConfigEntries()}: the entries added with {@code addConfigEntry}, a copy. */
    Map<String, String> configEntries(Object options) throws Throwable {
        Map<?, ?> entries = (Map<?, ?>) (Object) configEntries.invokeExact(options);
        Map<String, String> copy = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            copy.put((String) entry.getKey(), (String) entry.getValue());
        }
        return copy;
    }

    /**
     * A new session over {@code model} (a path, the model's bytes, or a direct buffer holding them) with
     * {@code intraOpThreads} threads and these config entries; the options are closed before it returns.
     */
    Object createSession(Object model, int intraOpThreads, Map<String, String> entries) throws Throwable {
        Object options = (Object) newOptions.invokeExact();
        try {
            this.intraOpThreads.invokeExact(options, intraOpThreads);
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                addConfigEntry.invokeExact(options, (Object) entry.getKey(), (Object) entry.getValue());
            }
            if (model instanceof String) {
                return (Object) sessionFromPath.invokeExact(environment, model, options);
            }
            if (model instanceof byte[]) {
                return (Object) sessionFromBytes.invokeExact(environment, (byte[]) model, options);
            }
            return (Object) sessionFromBuffer.invokeExact(environment, ((ByteBuffer) model).duplicate(), options);
        } finally {
            // ONNX Runtime copied the options into the session: they may go now.
            closeOptions.invokeExact(options);
        }
    }

    /** {@code session.close()}. */
    void closeSession(Object session) throws Throwable {
        closeSession.invokeExact(session);
    }
}
