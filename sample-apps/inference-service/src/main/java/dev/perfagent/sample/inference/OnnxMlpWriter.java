package dev.perfagent.sample.inference;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes an {@link MlpWeights} as an ONNX model: the bytes of an {@code onnx.ModelProto}, encoded
 * field by field with protobuf's {@link CodedOutputStream}, so the repository needs neither the
 * Python {@code onnx} package nor classes generated from {@code onnx.proto}.
 *
 * <p>The graph computes what {@link MlpModel} computes. Input {@code x} is {@code float[batch, in]},
 * where {@code batch} is a symbolic dimension so one session serves any batch size; each hidden
 * layer is {@code MatMul → Add → Relu}, the output layer {@code MatMul → Add}, and output {@code y}
 * is {@code float[batch, out]}. Weights and biases are initializers stored as little-endian {@code
 * raw_data}. The model declares IR version 8 and imports the default-domain operator set 17.
 *
 * <p>To write a file (the jar's manifest puts the protobuf jar on the class path):
 *
 * <pre>
 * java -cp target/inference-service.jar dev.perfagent.sample.inference.OnnxMlpWriter FILE [SIZES] [SEED]
 * java -cp target/inference-service.jar dev.perfagent.sample.inference.OnnxMlpWriter mlp.onnx 64,128,16 42
 * </pre>
 */
public final class OnnxMlpWriter {

  /** ONNX IR version 8 (ONNX 1.10): old enough for any recent ONNX Runtime, new enough for opset 17. */
  public static final long IR_VERSION = 8;
  /** Version of the default ({@code ai.onnx}) operator set the graph imports. */
  public static final long OPSET_VERSION = 17;
  /** Name of the graph input. */
  public static final String INPUT_NAME = "x";
  /** Name of the graph output. */
  public static final String OUTPUT_NAME = "y";
  /** Name of the symbolic first dimension of {@code x} and {@code y}. */
  public static final String BATCH_DIMENSION = "batch";

  static final String PRODUCER_NAME = "perf-agent inference-service";

  // Field numbers and the FLOAT data type, as declared in onnx/onnx.proto.
  private static final int MODEL_IR_VERSION = 1;
  private static final int MODEL_PRODUCER_NAME = 2;
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;
  private static final int MODEL_METADATA_PROPS = 14;
  private static final int OPSET_DOMAIN = 1;
  private static final int OPSET_VERSION_FIELD = 2;
  private static final int ENTRY_KEY = 1;
  private static final int ENTRY_VALUE = 2;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_NAME = 2;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR_TYPE = 1;
  private static final int TYPE_TENSOR_ELEM_TYPE = 1;
  private static final int TYPE_TENSOR_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIMENSION_VALUE = 1;
  private static final int DIMENSION_PARAM = 2;
  private static final int DATA_TYPE_FLOAT = 1;

  private OnnxMlpWriter() {}

  /**
   * @param weights the model's parameters
   * @return a serialized {@code onnx.ModelProto}, ready for {@code OrtEnvironment.createSession(byte[])}
   */
  public static byte[] modelBytes(MlpWeights weights) {
    int[] sizes = weights.layerSizes();
    Message model = new Message();
    model.int64(MODEL_IR_VERSION, IR_VERSION);
    model.string(MODEL_PRODUCER_NAME, PRODUCER_NAME);
    model.message(MODEL_GRAPH, graph(weights));
    model.message(MODEL_OPSET_IMPORT, new Message().string(OPSET_DOMAIN, "").int64(OPSET_VERSION_FIELD, OPSET_VERSION));
    model.message(MODEL_METADATA_PROPS, new Message().string(ENTRY_KEY, "layers").string(ENTRY_VALUE, join(sizes)));
    return model.toByteArray();
  }

  /**
   * Writes {@link #modelBytes(MlpWeights)} to a file, replacing it if it exists.
   *
   * @throws IOException if the file cannot be written
   */
  public static void write(MlpWeights weights, Path file) throws IOException {
    Files.write(file, modelBytes(weights));
  }

  /**
   * {@code FILE [SIZES] [SEED]}: writes the model for the layer sizes (default {@code 256,1024,16})
   * and seed (default {@value MlpModel#DEFAULT_SEED}) to FILE.
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: OnnxMlpWriter FILE [SIZES like 256,1024,16] [SEED]");
      System.exit(2);
    }
    int[] sizes = args.length > 1 ? ServerOptions.parseLayers(args[1]) : MlpModel.DEFAULT_LAYER_SIZES;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : MlpModel.DEFAULT_SEED;
    Path file = Paths.get(args[0]);
    byte[] bytes = modelBytes(MlpWeights.generate(sizes, seed));
    Files.write(file, bytes);
    System.out.println("wrote " + file + ": layers " + join(sizes) + ", seed " + seed + ", " + bytes.length + " bytes");
  }

  private static Message graph(MlpWeights weights) {
    int[] sizes = weights.layerSizes();
    int layers = weights.layerCount();
    Message graph = new Message();
    String activation = INPUT_NAME;
    for (int l = 0; l < layers; l++) {
      boolean last = l == layers - 1;
      String w = "W" + l;
      String b = "B" + l;
      String product = "layer" + l + "/matmul";
      String biased = last ? OUTPUT_NAME : "layer" + l + "/add";
      graph.message(GRAPH_NODE, node("MatMul", "MatMul_" + l, List.of(activation, w), product));
      graph.message(GRAPH_NODE, node("Add", "Add_" + l, List.of(product, b), biased));
      activation = biased;
      if (!last) {
        activation = "layer" + l + "/relu";
        graph.message(GRAPH_NODE, node("Relu", "Relu_" + l, List.of(biased), activation));
      }
    }
    graph.string(GRAPH_NAME, "mlp");
    for (int l = 0; l < layers; l++) {
      graph.message(GRAPH_INITIALIZER, tensor("W" + l, new long[] {sizes[l], sizes[l + 1]}, flatten(weights.weights(l))));
      graph.message(GRAPH_INITIALIZER, tensor("B" + l, new long[] {sizes[l + 1]}, weights.biases(l)));
    }
    graph.message(GRAPH_INPUT, batchedFloatValue(INPUT_NAME, sizes[0]));
    graph.message(GRAPH_OUTPUT, batchedFloatValue(OUTPUT_NAME, sizes[sizes.length - 1]));
    return graph;
  }

  private static Message node(String opType, String name, List<String> inputs, String output) {
    Message node = new Message();
    for (String input : inputs) {
      node.string(NODE_INPUT, input);
    }
    return node.string(NODE_OUTPUT, output).string(NODE_NAME, name).string(NODE_OP_TYPE, opType);
  }

  private static Message tensor(String name, long[] dims, float[] values) {
    Message tensor = new Message();
    for (long dim : dims) {
      tensor.int64(TENSOR_DIMS, dim);
    }
    // raw_data must be fixed-width little-endian whatever the writing machine's order.
    ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return tensor.int32(TENSOR_DATA_TYPE, DATA_TYPE_FLOAT).string(TENSOR_NAME, name).bytes(TENSOR_RAW_DATA, raw.array());
  }

  /** A ValueInfoProto for {@code float[batch, width]}. */
  private static Message batchedFloatValue(String name, int width) {
    Message shape = new Message()
        .message(SHAPE_DIM, new Message().string(DIMENSION_PARAM, BATCH_DIMENSION))
        .message(SHAPE_DIM, new Message().int64(DIMENSION_VALUE, width));
    Message tensorType = new Message().int32(TYPE_TENSOR_ELEM_TYPE, DATA_TYPE_FLOAT).message(TYPE_TENSOR_SHAPE, shape);
    return new Message().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, new Message().message(TYPE_TENSOR_TYPE, tensorType));
  }

  private static float[] flatten(float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    float[] flat = new float[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * cols, cols);
    }
    return flat;
  }

  private static String join(int[] sizes) {
    return Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  /**
   * One protobuf message being encoded. A nested message is encoded on its own first, because
   * the wire format puts its length before its bytes.
   */
  private static final class Message {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Message int32(int field, int value) {
      return write(out -> out.writeInt32(field, value));
    }

    Message int64(int field, long value) {
      return write(out -> out.writeInt64(field, value));
    }

    Message string(int field, String value) {
      return write(out -> out.writeString(field, value));
    }

    Message bytes(int field, byte[] value) {
      return write(out -> out.writeByteArray(field, value));
    }

    /** An embedded message has the same encoding as a bytes field holding its serialization. */
    Message message(int field, Message value) {
      return bytes(field, value.toByteArray());
    }

    byte[] toByteArray() {
      write(CodedOutputStream::flush);
      return bytes.toByteArray();
    }

    // CodedOutputStream declares IOException, which a ByteArrayOutputStream never throws.
    private Message write(FieldWrite field) {
      try {
        field.to(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }
  }

  @FunctionalInterface
  private interface FieldWrite {
    void to(CodedOutputStream out) throws IOException;
  }
}
