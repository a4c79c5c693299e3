package dev.perfagent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/** What a benchmark prints about the machine it ran on, so that its figures can be judged later. */
final class Machine {

    private Machine() {
    }

    /** @return the 1-minute load average, or {@code ?} where {@code /proc/loadavg} cannot be read */
    static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** @return the first line of {@code java -version}, e.g. {@code openjdk version "17.0.15" 2025-04-15} */
    static String javaVersion(Path java) throws IOException, InterruptedException {
        ChildJvm.CommandOutput version = ChildJvm.runCommand(List.of(java.toString(), "-version"), Duration.ofSeconds(30));
        return version.output().lines().findFirst().orElse("?");
    }

    /** @return the processors this JVM may use (what {@code nproc} prints) */
    static int processors() {
        return Runtime.getRuntime().availableProcessors();
    }
}
