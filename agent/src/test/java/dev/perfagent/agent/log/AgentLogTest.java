package dev.perfagent.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLogTest {

    @Test
    void writesOneLinePerMessageAboveTheThreshold(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.log");
        try (AgentLog log = AgentLog.toFile(AgentLog.Level.INFO, file)) {
            log.info("hello");
            log.debug("hidden");
            log.error("bad");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("[perf-agent] ") && lines.get(0).endsWith(" INFO hello"), lines.get(0));
        assertTrue(lines.get(1).endsWith(" ERROR bad"), lines.get(1));
    }

    @Test
    void rateLimitsPerKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("agent.log");
        try (AgentLog log = AgentLog.toFile(AgentLog.Level.WARN, file)) {
            for (int i = 0; i < 1000; i++) {
                log.rateLimited(AgentLog.Level.WARN, "fault:1", "fault at site 1");
                log.rateLimited(AgentLog.Level.WARN, "fault:2", "fault at site 2");
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), "one line per key within the minute: " + lines);
    }
}
