package dev.perfagent.agent.config;

/** Reads the {@code profiling} section. */
final class ProfilingSectionParser {

    static final SectionSchema SCHEMA = SectionSchema.builder()
            .value("enabled")
            .value("cpu")
            .value("interval")
            .value("alloc")
            .value("locks")
            .value("wall")
            .value("io-threshold")
            .value("window")
            .value("max-overhead")
            .value("native-dir")
            .build();

    private ProfilingSectionParser() {
    }

    /**
     * @param present whether the file has a {@code profiling} key: naming the section turns profiling on
     *                unless {@code enabled} says otherwise
     */
    static ProfilingConfig parse(MappingReader profiling, boolean present) {
        ProfilingConfig defaults = ProfilingConfig.defaults();
        return new ProfilingConfig(
                profiling.value("enabled", ValueType.BOOLEAN).orElse(present),
                profiling.value("cpu", ValueType.PROFILING_CPU).orElse(defaults.cpu()),
                profiling.value("interval", ValueType.SAMPLING_INTERVAL).orElse(defaults.interval()),
                profiling.value("alloc", ValueType.BOOLEAN).orElse(defaults.alloc()),
                profiling.value("locks", ValueType.BOOLEAN).orElse(defaults.locks()),
                profiling.value("wall", ValueType.BOOLEAN).orElse(defaults.wall()),
                profiling.value("io-threshold", ValueType.DURATION).orElse(defaults.ioThreshold()),
                profiling.value("window", ValueType.PROFILING_WINDOW).orElse(defaults.window()),
                profiling.value("max-overhead", ValueType.PERCENT).orElse(defaults.maxOverheadPercent()),
                profiling.value("native-dir", ValueType.PATH).or(defaults::nativeDir));
    }
}
