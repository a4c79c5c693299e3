package dev.perfagent.export.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.export.json.JsonWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuStatusTest {

  @Test
  void unknownFiguresAreNullInJson() {
    GpuStatus gpu = new GpuStatus("auto", "cpu", "no CUDA (no NVIDIA driver): the CPU instead",
        List.of(new DeviceStatus("cpu", 0, "Test CPU", "", 2, 8_000, 3_000, 0.5, 0.125, Double.NaN,
            Double.NaN, Double.NaN)),
        new GpuStatus.StagingPoolStatus("direct", 1024, 512, 0, 1, 1, 7, 0, 3));
    StringBuilder json = new StringBuilder();
    gpu.toJson(new JsonWriter(json));
    assertEquals("{\"mode\":\"auto\",\"accelerator\":\"cpu\",\"reason\":\"no CUDA (no NVIDIA driver): the CPU"
        + " instead\",\"devices\":[{\"kind\":\"cpu\",\"index\":0,\"name\":\"Test CPU\",\"computeCapability\":\"\","
        + "\"cores\":2,\"totalMemoryBytes\":8000,\"memoryUsedBytes\":3000,\"utilization\":0.5,"
        + "\"processUtilization\":0.125,\"memoryBandwidth\":null,\"temperatureCelsius\":null,"
        + "\"powerWatts\":null}],\"stagingPool\":"
        + "{\"memory\":\"direct\",\"maxBytes\":1024,\"allocatedBytes\":512,\"inUseBytes\":0,\"idleBuffers\":1,"
        + "\"allocations\":1,\"reuses\":7,\"overflows\":0,\"unpooledBeforeChoice\":3}}", json.toString());
  }

  @Test
  void theReportCarriesItOnlyWhenThere() {
    GpuStatus selecting = new GpuStatus("auto", null, "selecting", null, null);
    String with = new StatusReport("s", "v", "17", 1, "premain", null, null, null, null, null, null, selecting)
        .toJson();
    assertTrue(with.contains("\"gpu\":{\"mode\":\"auto\",\"accelerator\":null,\"reason\":\"selecting\","
        + "\"devices\":[],\"stagingPool\":null}"), with);
    String without = new StatusReport("s", "v", "17", 1, "premain", null, null, null, null, null).toJson();
    assertFalse(without.contains("\"gpu\""), without);
  }
}
