package dev.perfagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentMainTest {
    @Test
    void parsesAgentArguments() {
        assertEquals(Map.of(), AgentMain.parseArgs(null));
        assertEquals(Map.of("config", "perf-agent.yaml"), AgentMain.parseArgs("perf-agent.yaml"));
        assertEquals(Map.of("config", "/a/b.yaml", "command", "detach", "out", "/tmp/r"),
                AgentMain.parseArgs("config=/a/b.yaml,command=detach,out=/tmp/r"));
        assertEquals(Map.of("config", "x.yaml"), AgentMain.parseArgs(" config = x.yaml "));
        assertEquals(Map.of("config", "/tmp/configs, v2/a,b.yaml", "command", "start", "out", "/tmp/x, y/r"),
                AgentMain.parseArgs("config=/tmp/configs, v2/a,b.yaml,command=start,out=/tmp/x, y/r"));
    }
}
