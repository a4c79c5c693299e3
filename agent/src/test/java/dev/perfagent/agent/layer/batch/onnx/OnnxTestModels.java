package dev.perfagent.agent.layer.batch.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small ONNX models written in memory for the adapter's tests, as the bytes of an {@code onnx.ModelProto}
 * encoded by hand (after the sample inference service's {@code OnnxMlpWriter}, without protobuf-java). Every
 * model declares IR version 8 and operator set 17; dimension 0 is the symbolic {@code batch} unless a test asks
 * for a fixed one.
 */
public final class OnnxTestModels {
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int STRING = 8;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;

    /** Dimension 0 open: the {@code batch} symbol. */
    public static final long BATCH = -1;

    private OnnxTestModels() {
    }

    /**
     * An MLP: {@code x float[batch, in]} → {@code h = Relu(x·W0 + B0)} → {@code y = h·W1 + B1}; both {@code y}
     * (first) and {@code h} are outputs.
     *
     * @param batch {@link #BATCH}, or a fixed dimension 0
     */
    public static byte[] mlp(int in, int hidden, int out, long seed, long batch) {
        SplittableRandom random = new SplittableRandom(seed);
        Proto graph = new Proto()
                .message(1, node("MatMul", List.of("x", "W0"), "xw"))
                .message(1, node("Add", List.of("xw", "B0"), "pre"))
                .message(1, node("Relu", List.of("pre"), "h"))
                .message(1, node("MatMul", List.of("h", "W1"), "hw"))
                .message(1, node("Add", List.of("hw", "B1"), "y"))
                .string(2, "mlp")
                .message(5, floats("W0", new long[] {in, hidden}, random))
                .message(5, floats("B0", new long[] {hidden}, random))
                .message(5, floats("W1", new long[] {hidden, out}, random))
                .message(5, floats("B1", new long[] {out}, random))
                .message(11, value("x", FLOAT, batch, in))
                .message(12, value("y", FLOAT, batch, out))
                .message(12, value("h", FLOAT, batch, hidden));
        return model(graph);
    }

    /** {@code u = Identity(t)} over {@code t[batch, width]} of element type {@code type}. */
    static byte[] identity(int type, int width) {
        return model(new Proto()
                .message(1, node("Identity", List.of("t"), "u"))
                .string(2, "identity")
                .message(11, value("t", type, BATCH, width))
                .message(12, value("u", type, BATCH, width)));
    }

    /** {@code s = a + b} over two {@code float[batch, width]} inputs. */
    static byte[] add(int width) {
        return model(new Proto()
                .message(1, node("Add", List.of("a", "b"), "s"))
                .string(2, "add")
                .message(11, value("a", FLOAT, BATCH, width))
                .message(11, value("b", FLOAT, BATCH, width))
                .message(12, value("s", FLOAT, BATCH, width)));
    }

    /**
     * {@code rows = Gather(table, idx)}: {@code idx int64[batch]} picks rows of a {@code float[tableRows, width]}
     * table; an index outside the table fails the run, whatever else is in the batch.
     */
    static byte[] gather(int tableRows, int width, long seed) {
        return model(new Proto()
                .message(1, node("Gather", List.of("table", "idx"), "rows"))
                .string(2, "gather")
                .message(5, floats("table", new long[] {tableRows, width}, new SplittableRandom(seed)))
                .message(11, new Proto().string(1, "idx").message(2, tensorType(INT64, new Proto()
                        .message(1, new Proto().string(2, "batch")))))
                .message(12, value("rows", FLOAT, BATCH, width)));
    }

    /**
     * {@code r = Reshape(x, [-1, width])} over {@code x float[batch, 2 * width]}: output dimension 0 is open
     * but twice the input's, so a merged run's output cannot be split by the callers' rows.
     */
    static byte[] twoRowsPerRow(int width) {
        ByteBuffer shape = ByteBuffer.allocate(2 * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).putLong(width);
        return model(new Proto()
                .message(1, node("Reshape", List.of("x", "shape"), "r"))
                .string(2, "reshape")
                .message(5, new Proto().varint(1, 2).varint(2, INT64).string(8, "shape").bytes(9, shape.array()))
                .message(11, value("x", FLOAT, BATCH, 2 * width))
                .message(12, value("r", FLOAT, BATCH, width)));
    }

    private static byte[] model(Proto graph) {
        return new Proto()
                .varint(1, 8)
                .string(2, "perf-agent tests")
                .message(7, graph)
                .message(8, new Proto().string(1, "").varint(2, 17))
                .toByteArray();
    }

    private static Proto node(String op, List<String> inputs, String output) {
        Proto node = new Proto();
        for (String input : inputs) {
            node.string(1, input);
        }
        return node.string(2, output).string(3, op + "_" + output).string(4, op);
    }

    private static Proto floats(String name, long[] dims, SplittableRandom random) {
        int count = 1;
        Proto tensor = new Proto();
        for (long dim : dims) {
            tensor.varint(1, dim);
            count *= (int) dim;
        }
        ByteBuffer raw = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            raw.putFloat((float) random.nextDouble(-1, 1));
        }
        return tensor.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
    }

    /** A ValueInfoProto for {@code type[batch, width]}. */
    private static Proto value(String name, int type, long batch, int width) {
        Proto first = batch == BATCH ? new Proto().string(2, "batch") : new Proto().varint(1, batch);
        Proto shape = new Proto().message(1, first).message(1, new Proto().varint(1, width));
        return new Proto().string(1, name).message(2, tensorType(type, shape));
    }

    private static Proto tensorType(int type, Proto shape) {
        return new Proto().message(1, new Proto().varint(1, type).message(2, shape));
    }

    /** One protobuf message being written: varint and length-delimited fields are all these models need. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            raw((long) field << 3 | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.toByteArray());
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
