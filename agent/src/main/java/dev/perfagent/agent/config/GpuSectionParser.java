package dev.perfagent.agent.config;

/** Reads the {@code gpu} section; every key has a default, so an absent section means {@code mode: auto}. */
final class GpuSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("mode")
            .value("period")
            .value("memory-headroom")
            .value("pinned-pool-max")
            .build();

    private GpuSectionParser() {
    }

    static GpuConfig parse(MappingReader gpu) {
        GpuConfig defaults = GpuConfig.defaults();
        return new GpuConfig(
                gpu.value("mode", ValueType.GPU_MODE).orElse(defaults.mode()),
                gpu.value("period", ValueType.GPU_PERIOD).orElse(defaults.period()),
                gpu.value("memory-headroom", ValueType.HEADROOM_PERCENT).orElse(defaults.memoryHeadroomPercent()),
                gpu.value("pinned-pool-max", ValueType.BYTE_SIZE).orElse(defaults.pinnedPoolMaxBytes()));
    }
}
