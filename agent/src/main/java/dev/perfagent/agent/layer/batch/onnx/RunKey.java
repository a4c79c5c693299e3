package dev.perfagent.agent.layer.batch.onnx;

import java.util.Arrays;
import java.util.Objects;

/**
 * The queue key of a batchable run: calls merge only when they feed the same inputs, with the same element
 * types and the same shape past dimension 0, and ask for the same outputs. The session is not part of it:
 * the batch layer keeps queues per receiver already.
 *
 * <p>Inputs and outputs are sorted by name, so a {@code Map.of} and a {@code HashMap} with the same entries
 * give equal keys. Immutable.
 */
final class RunKey {
    private final String[] inputs;
    /** The {@code OnnxJavaType} of each input, compared by identity (enum constants). */
    private final Object[] types;
    private final long[][] trailing;
    private final int[] rowBytes;
    private final String[] outputs;
    private final int hash;

    /**
     * @param inputs   input names, sorted
     * @param types    each input's element type
     * @param trailing each input's shape past dimension 0
     * @param rowBytes each input's bytes per row (dimension-0 slice)
     * @param outputs  requested output names, sorted
     */
    RunKey(String[] inputs, Object[] types, long[][] trailing, int[] rowBytes, String[] outputs) {
        this.inputs = inputs;
        this.types = types;
        this.trailing = trailing;
        this.rowBytes = rowBytes;
        this.outputs = outputs;
        this.hash = Objects.hash(Arrays.hashCode(inputs), Arrays.hashCode(types), Arrays.deepHashCode(trailing),
                Arrays.hashCode(outputs));
    }

    int inputCount() {
        return inputs.length;
    }

    String input(int i) {
        return inputs[i];
    }

    Object type(int i) {
        return types[i];
    }

    int rowBytes(int i) {
        return rowBytes[i];
    }

    /** The shape of input {@code i} with {@code rows} rows. */
    long[] shape(int i, long rows) {
        long[] shape = new long[trailing[i].length + 1];
        shape[0] = rows;
        System.arraycopy(trailing[i], 0, shape, 1, trailing[i].length);
        return shape;
    }

    /** The requested output names, sorted. */
    String[] outputs() {
        return outputs.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RunKey)) {
            return false;
        }
        RunKey other = (RunKey) o;
        return hash == other.hash && Arrays.equals(inputs, other.inputs) && Arrays.equals(types, other.types)
                && Arrays.deepEquals(trailing, other.trailing) && Arrays.equals(outputs, other.outputs);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("inputs [");
        for (int i = 0; i < inputs.length; i++) {
            text.append(i == 0 ? "" : ", ").append(inputs[i]).append(": ").append(types[i])
                    .append(Arrays.toString(shape(i, -1)));
        }
        return text.append("] -> ").append(Arrays.toString(outputs)).toString();
    }
}
