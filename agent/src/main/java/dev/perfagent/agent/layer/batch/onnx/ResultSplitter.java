package dev.perfagent.agent.layer.batch.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the batched {@code Result} of a merged run back into one {@code Result} per caller: each output is
 * cut along dimension 0 by the callers' row counts, and each caller's rows are copied into a direct buffer of
 * its own, wrapped as a tensor its {@code Result} owns. Nothing a caller gets refers to the batched
 * {@code Result} or to a pooled buffer, so the batch can close and reuse them at once, and the caller closes
 * its {@code Result} as it would without the agent.
 *
 * <p>An output whose dimension 0 is not the batch's row count (a model that reduces over the batch) cannot be
 * split: the session is then marked unbatchable and the batch fails, so the batcher re-runs its calls in
 * halves, down to calls that run alone.
 */
final class ResultSplitter {
    private final OnnxReflection ort;
    private final SessionInfo info;

    ResultSplitter(OnnxReflection ort, SessionInfo info) {
        this.ort = ort;
        this.info = info;
    }

    /**
     * @param batched the batched {@code Result}; read, not closed
     * @param rows    each caller's rows, in batch order
     * @param total   the sum of {@code rows}
     * @param orders  each caller's output names, in the order its {@code Result} lists them
     * @return one new {@code Result} per caller
     */
    List<Object> split(Object batched, int[] rows, long total, List<List<String>> orders) throws Throwable {
        List<Object> created = new ArrayList<>();
        try {
            Map<String, Object[]> parts = new HashMap<>();
            for (Object entry : (Iterable<?>) batched) {
                Map.Entry<?, ?> output = (Map.Entry<?, ?>) entry;
                String name = (String) output.getKey();
                parts.put(name, split(name, output.getValue(), rows, total, created));
            }
            List<Object> results = new ArrayList<>(rows.length);
            for (int i = 0; i < rows.length; i++) {
                List<String> order = orders.get(i);
                String[] names = order.toArray(new String[0]);
                Object[] values = new Object[names.length];
                for (int k = 0; k < names.length; k++) {
                    Object[] part = parts.get(names[k]);
                    if (part == null) {
                        throw new IllegalStateException("the batched run has no output '" + names[k] + "'");
                    }
                    values[k] = part[i];
                }
                boolean[] owned = new boolean[names.length];
                Arrays.fill(owned, true);
                results.add(ort.newResult(names, values, owned));
            }
            return results;
        } catch (Throwable t) {
            for (Object tensor : created) {
                OnnxBatchFunction.closeQuietly(tensor);
            }
            throw t;
        }
    }

    /** One output's rows, one new tensor per caller (added to {@code created} as they are made). */
    private Object[] split(String name, Object value, int[] rows, long total, List<Object> created) throws Throwable {
        if (!ort.isTensor(value)) {
            throw unsplittable("output '" + name + "' is not a tensor");
        }
        Object tensorInfo = ort.info(value);
        long[] shape = ort.shape(tensorInfo);
        Object type = ort.type(tensorInfo);
        if (shape.length == 0 || shape[0] != total || !ort.isFixedSize(type)) {
            throw unsplittable("output '" + name + "' of a batch of " + total + " rows has shape "
                    + Arrays.toString(shape) + " and type " + type + ", which cannot be split by rows");
        }
        long rowBytes = ort.size(type);
        for (int d = 1; d < shape.length; d++) {
            rowBytes *= shape[d];
        }
        ByteBuffer all = ort.data(value);
        if (all.remaining() != total * rowBytes) {
            throw new IllegalStateException("output '" + name + "' holds " + all.remaining() + " bytes, expected "
                    + total * rowBytes);
        }
        Object[] parts = new Object[rows.length];
        int offset = 0;
        for (int i = 0; i < rows.length; i++) {
            int bytes = Math.toIntExact(rows[i] * rowBytes);
            ByteBuffer own = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            ByteBuffer slice = all.duplicate();
            slice.position(offset).limit(offset + bytes);
            own.put(slice).flip();
            long[] callerShape = shape.clone();
            callerShape[0] = rows[i];
            parts[i] = ort.createTensor(own, callerShape, type);
            created.add(parts[i]);
            offset += bytes;
        }
        return parts;
    }

    private IllegalStateException unsplittable(String why) {
        info.markUnbatchable(why);
        return new IllegalStateException(why);
    }
}
