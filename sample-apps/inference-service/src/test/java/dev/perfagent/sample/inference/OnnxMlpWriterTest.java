package dev.perfagent.sample.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.CodedInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime itself is the judge of the encoding: it refuses a malformed ModelProto. */
class OnnxMlpWriterTest {

  private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

  @Test
  void onnxRuntimeLoadsTheModelWithABatchDimension() throws Exception {
    byte[] bytes = OnnxMlpWriter.modelBytes(MlpWeights.generate(new int[] {64, 128, 16}, 42));
    try (OrtSession session = ENVIRONMENT.createSession(bytes)) {
      assertEquals(Set.of("x"), session.getInputNames());
      assertEquals(Set.of("y"), session.getOutputNames());
      TensorInfo x = (TensorInfo) session.getInputInfo().get("x").getInfo();
      TensorInfo y = (TensorInfo) session.getOutputInfo().get("y").getInfo();
      assertArrayEquals(new long[] {-1, 64}, x.getShape());
      assertArrayEquals(new long[] {-1, 16}, y.getShape());
      assertEquals("batch", x.getDimensionNames()[0]);
      assertEquals("batch", y.getDimensionNames()[0]);
      assertEquals(TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, x.onnxType);

      OnnxModelMetadata metadata = session.getMetadata();
      assertEquals(OnnxMlpWriter.PRODUCER_NAME, metadata.getProducerName());
      assertEquals("mlp", metadata.getGraphName());
      assertEquals("64,128,16", metadata.getCustomMetadataValue("layers").orElseThrow());
    }
  }

  @Test
  void headerDeclaresIrVersionAndOpset() throws Exception {
    byte[] bytes = OnnxMlpWriter.modelBytes(MlpWeights.generate(new int[] {4, 3, 2}, 1));
    // Read the top-level ModelProto fields back with protobuf's own decoder.
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    long irVersion = -1;
    List<Long> opsetVersions = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = tag >>> 3;
      if (field == 1) {
        irVersion = in.readInt64();
      } else if (field == 8) {
        CodedInputStream opset = CodedInputStream.newInstance(in.readByteArray());
        for (int inner = opset.readTag(); inner != 0; inner = opset.readTag()) {
          if (inner >>> 3 == 2) {
            opsetVersions.add(opset.readInt64());
          } else {
            opset.skipField(inner);
          }
        }
      } else {
        in.skipField(tag);
      }
    }
    assertEquals(OnnxMlpWriter.IR_VERSION, irVersion);
    assertEquals(List.of(OnnxMlpWriter.OPSET_VERSION), opsetVersions);
  }

  @Test
  void sameWeightsGiveSameBytes() {
    int[] sizes = {8, 6, 3};
    assertArrayEquals(
        OnnxMlpWriter.modelBytes(MlpWeights.generate(sizes, 5)),
        OnnxMlpWriter.modelBytes(MlpWeights.generate(sizes, 5)));
    assertFalse(Arrays.equals(
        OnnxMlpWriter.modelBytes(MlpWeights.generate(sizes, 5)),
        OnnxMlpWriter.modelBytes(MlpWeights.generate(sizes, 6))));
  }

  @Test
  void mainWritesAFileOnnxRuntimeLoads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("small.onnx");
    OnnxMlpWriter.main(new String[] {file.toString(), "64,128,16", "42"});
    assertArrayEquals(
        OnnxMlpWriter.modelBytes(MlpWeights.generate(new int[] {64, 128, 16}, 42)), Files.readAllBytes(file));
    float[] input = SeededInput.generate(3, 64);
    try (OrtSession session = ENVIRONMENT.createSession(file.toString());
        OnnxTensor x = OnnxTensor.createTensor(ENVIRONMENT, new float[][] {input});
        OrtSession.Result result = session.run(Map.of("x", x))) {
      float[][] y = (float[][]) result.get(0).getValue();
      assertArrayEquals(new MlpModel(new int[] {64, 128, 16}, 42).score(input), y[0], 1e-4f);
    }
  }
}
