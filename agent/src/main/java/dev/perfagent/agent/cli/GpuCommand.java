package dev.perfagent.agent.cli;

import dev.perfagent.gpu.AcceleratorChoice;
import dev.perfagent.gpu.AcceleratorSelection;
import dev.perfagent.gpu.CudaProbe;
import dev.perfagent.gpu.DeviceInfo;
import dev.perfagent.gpu.DeviceReading;
import dev.perfagent.gpu.GpuMode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code perf-agent gpu list}: the accelerator the agent would choose on this machine, and its devices. */
@Command(name = "gpu", mixinStandardHelpOptions = true, description = "Accelerators on this machine.",
        subcommands = GpuCommand.ListDevices.class)
final class GpuCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (list)");
    }

    /** Chooses as the agent does (CUDA, else the CPU) and prints the devices with one reading each. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Choose the accelerator as the agent would (gpu.mode) and list its devices with their"
                    + " figures now. Exit 1 when --mode cuda falls back to the CPU.")
    static final class ListDevices implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Option(names = "--mode", defaultValue = "auto", paramLabel = "MODE",
                description = "auto, cuda or off (default: ${DEFAULT-VALUE}).")
        private String mode;

        @Override
        public Integer call() {
            GpuMode asked;
            try {
                asked = GpuMode.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--mode must be auto, cuda or off, got '" + mode + "'");
            }
            AcceleratorChoice choice = AcceleratorSelection.choose(asked, CudaProbe.JAVACPP);
            PrintWriter out = spec.commandLine().getOut();
            try {
                out.println("accelerator: " + choice.accelerator().kind() + " (" + choice.reason() + ")");
                List<DeviceInfo> devices = choice.accelerator().devices();
                List<DeviceReading> readings = choice.accelerator().readings();
                out.printf(Locale.ROOT, "%-5s %-5s %-8s %5s %10s %10s %6s %6s %6s %7s  %s%n", "KIND", "INDEX", "COMPUTE",
                        "CORES", "MEM-GIB", "USED-GIB", "UTIL%", "MEMBW%", "TEMP-C", "POWER-W", "NAME");
                for (int i = 0; i < devices.size(); i++) {
                    DeviceInfo d = devices.get(i);
                    DeviceReading r = i < readings.size() ? readings.get(i) : DeviceReading.unknown(d.kind(), i);
                    out.printf(Locale.ROOT, "%-5s %-5d %-8s %5d %10s %10s %6s %6s %6s %7s  %s%n", d.kind(), d.index(),
                            d.computeCapability().isEmpty() ? "-" : d.computeCapability(), d.cores(),
                            gib(d.totalMemoryBytes()), gib(r.memoryUsedBytes()), percent(r.utilization()),
                            percent(r.memoryBandwidthUse()), figure(r.temperatureCelsius()), figure(r.powerWatts()),
                            d.name());
                }
            } finally {
                choice.accelerator().close();
            }
            return asked == GpuMode.CUDA && choice.fellBack() ? PerfAgentCli.FAILED : 0;
        }

        private static String gib(long bytes) {
            return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f", bytes / (double) (1L << 30));
        }

        private static String percent(double ratio) {
            return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.0f", ratio * 100);
        }

        private static String figure(double value) {
            return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
        }
    }
}
