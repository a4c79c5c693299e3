package dev.perfagent.export.report;

import dev.perfagent.export.json.JsonWriter;
import java.util.List;

/**
 * The {@code gpu} member of {@code /status}: the accelerator the agent chose and why, its devices with
 * their last readings, and the staging buffer pool.
 *
 * @param mode {@code auto}, {@code cuda} or {@code off}, as configured
 * @param accelerator {@code cuda} or {@code cpu}; {@code null} while the choice is still being made
 * @param reason why this accelerator (or {@code selecting} while it is chosen)
 * @param devices the accelerator's devices
 * @param stagingPool the staging buffer pool, or {@code null} before the choice
 */
public record GpuStatus(String mode, String accelerator, String reason, List<DeviceStatus> devices,
    StagingPoolStatus stagingPool) {

  /** Copies the list; null becomes empty. */
  public GpuStatus {
    devices = devices == null ? List.of() : List.copyOf(devices);
  }

  /**
   * The staging buffer pool's figures.
   *
   * @param memory {@code pinned} or {@code direct}
   * @param maxBytes the pool's bound ({@code gpu.pinned-pool-max})
   * @param allocatedBytes bytes held, idle and lent
   * @param inUseBytes bytes lent now
   * @param idleBuffers buffers waiting for reuse
   * @param allocations buffers allocated so far
   * @param reuses requests served by an idle buffer
   * @param overflows requests served by an unpooled direct buffer: over the bound, or the memory refused
   * @param unpooledBeforeChoice requests served by an unpooled direct buffer before the pool existed (while
   *     the accelerator was being chosen)
   */
  public record StagingPoolStatus(String memory, long maxBytes, long allocatedBytes, long inUseBytes,
      int idleBuffers, long allocations, long reuses, long overflows, long unpooledBeforeChoice) {

    void toJson(JsonWriter out) {
      out.beginObject()
          .name("memory").value(memory)
          .name("maxBytes").value(maxBytes)
          .name("allocatedBytes").value(allocatedBytes)
          .name("inUseBytes").value(inUseBytes)
          .name("idleBuffers").value(idleBuffers)
          .name("allocations").value(allocations)
          .name("reuses").value(reuses)
          .name("overflows").value(overflows)
          .name("unpooledBeforeChoice").value(unpooledBeforeChoice)
          .endObject();
    }
  }

  /**
   * Writes this record as a JSON object named like the record components.
   *
   * @param out the writer, positioned where a value may go
   */
  public void toJson(JsonWriter out) {
    out.beginObject()
        .name("mode").value(mode)
        .name("accelerator").value(accelerator)
        .name("reason").value(reason)
        .name("devices").beginArray();
    for (DeviceStatus device : devices) {
      device.toJson(out);
    }
    out.endArray().name("stagingPool");
    if (stagingPool == null) {
      out.nullValue();
    } else {
      stagingPool.toJson(out);
    }
    out.endObject();
  }
}
