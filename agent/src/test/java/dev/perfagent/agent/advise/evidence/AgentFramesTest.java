package dev.perfagent.agent.advise.evidence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgentFramesTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "dev.perfagent.agent.layer.batch.Batcher#await",
        "dev.perfagent.agent.layer.batch.Batcher",
        "dev.perfagent.agent.layer.batch.onnx.OnnxBatchFunction#apply",
        "dev.perfagent.agent.layer.LayerChain#enter",
        "dev.perfagent.agent.layer.LayeredCall",
        "dev.perfagent.bootstrap.Hooks#enter",
        "dev.perfagent.export.report.Recommendation#of",
        "dev.perfagent.gpu.NvmlDevices#sample",
        "dev.perfagent.instrumentation.Weaver#weave",
        "dev.perfagent.shaded.org.jctools.queues.MpscArrayQueue#offer",
        "dev.perfagent.shaded.com.github.benmanes.caffeine.cache.BoundedLocalCache#get",
        "dev.perfagent.CallTimeoutException#<init>",
        "dev.perfagent.CallRejectedException",
    })
    void theAgentsOwnPackagesAreTheAgents(String frame) {
        assertTrue(AgentFrames.isAgent(frame), frame);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the agent's sample applications, integration tests and benchmarks are applications to it
        "dev.perfagent.sample.inference.OnnxMlpModel#score",
        "dev.perfagent.sample.bottlenecks.Ledger",
        "dev.perfagent.it.BottlenecksIT#hotMethod",
        "dev.perfagent.bench.BatchingBenchmark#run",
        "dev.perfagent.sample.workload.RecordedWorkload#spinHot",
        // a prefix is a package, not a string: these are someone else's
        "dev.perfagentx.Foo#bar",
        "dev.perfagent.agents.Foo#bar",
        "dev.perfagent.instrument.Foo#bar",
        "com.example.dev.perfagent.agent.Foo#bar",
        "java.util.HashMap#get",
        "libjvm.so",
        "<no stack>",
    })
    void everythingElseIsNot(String frame) {
        assertFalse(AgentFrames.isAgent(frame), frame);
    }

    @Test
    void nullIsNotTheAgents() {
        assertFalse(AgentFrames.isAgent(null));
    }
}
