package dev.perfagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.it.harness.ItEnv;
import dev.perfagent.it.harness.JvmCommand;
import dev.perfagent.it.harness.ManagedProcess;
import dev.perfagent.it.harness.OtlpReceiver;
import dev.perfagent.it.harness.Poll;
import dev.perfagent.it.harness.Processes;
import dev.perfagent.it.harness.TestFiles;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code export.otlp} in a real JVM: resilience-app runs with the agent jar, which pushes every second to a
 * local OTLP/HTTP receiver; the pushes are decoded with the official OTLP protobuf classes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OtlpPushIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String AUDIT = "dev.perfagent.sample.resilience.Audit#record";

    @RegisterExtension
    final Processes processes = new Processes();

    private final OtlpReceiver receiver = OtlpReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aWovenSitesCallsArriveAndGrowWithTheResourceAndTheConfiguredHeader() {
        Path dir = ItEnv.newDir("otlp-push");
        Path config = TestFiles.write(dir, "perf-agent.yaml", String.join("\n",
                "service: resilience-app",
                "export:",
                "  http: { enabled: false }",
                "  otlp:",
                "    endpoint: " + receiver.endpoint(),
                "    interval: 1s",
                "    headers: { authorization: \"Bearer it-token\" }",
                "    resource: { deployment.environment: it }",
                "rules:",
                "  - name: audit",
                "    match: " + AUDIT + "(java.lang.String)",
                "    time: {}",
                ""));
        ManagedProcess app = processes.start("resilience-app", JvmCommand.create().perfAgent(config)
                .jar(ItEnv.resilienceJar()).args("--threads", "2"), dir);
        app.awaitStderr(".*INFO started \\(premain\\).*", WAIT);

        OtlpReceiver.Push first = Poll.until("a push with calls of " + AUDIT, WAIT,
                () -> latestWithCalls(), push -> push != null && auditCalls(push) > 0);
        double firstCalls = auditCalls(first);
        OtlpReceiver.Push later = Poll.until("a later push with more calls of " + AUDIT, WAIT,
                () -> latestWithCalls(), push -> push != null && auditCalls(push) > firstCalls);
        assertTrue(auditCalls(later) > firstCalls);

        assertEquals("application/x-protobuf", later.contentType());
        assertEquals("Bearer it-token", later.header("authorization"));
        Map<String, String> resource = attributes(later.request().getResourceMetrics(0).getResource()
                .getAttributesList());
        assertEquals("resilience-app", resource.get("service.name"), resource.toString());
        assertTrue(resource.get("service.instance.id").startsWith(app.pid() + "@"), resource.toString());
        assertEquals("perf-agent", resource.get("telemetry.distro.name"), resource.toString());
        // Micrometer builds the pushes and names itself: the shading left that string alone.
        assertEquals("io.micrometer", resource.get("telemetry.sdk.name"), resource.toString());
        assertEquals("it", resource.get("deployment.environment"), resource.toString());
        // The agent's self-metrics ride along: one woven site.
        assertEquals(1.0, points(later, "perfagent.agent.sites").get(0).getAsDouble(), later.request().toString());
        // Micrometer, relocated in the agent, kept quiet on the host's console.
        assertFalse(app.stderr().snapshot().stream().anyMatch(line -> line.contains("micrometer")), app.describe());
        assertTrue(app.isAlive(), app.describe());
    }

    private OtlpReceiver.Push latestWithCalls() {
        List<OtlpReceiver.Push> pushes = receiver.pushes();
        for (int i = pushes.size() - 1; i >= 0; i--) {
            if (!points(pushes.get(i), "perfagent.method.calls").isEmpty()) {
                return pushes.get(i);
            }
        }
        return null;
    }

    /** The calls of Audit#record in a push, from the point whose method attribute names it. */
    private static double auditCalls(OtlpReceiver.Push push) {
        return points(push, "perfagent.method.calls").stream()
                .filter(p -> attributes(p.getAttributesList()).getOrDefault("method", "").startsWith(AUDIT))
                .mapToDouble(NumberDataPoint::getAsDouble).sum();
    }

    private static List<NumberDataPoint> points(OtlpReceiver.Push push, String name) {
        for (ResourceMetrics resource : push.request().getResourceMetricsList()) {
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    if (metric.getName().equals(name)) {
                        return metric.hasSum() ? metric.getSum().getDataPointsList()
                                : metric.getGauge().getDataPointsList();
                    }
                }
            }
        }
        return List.of();
    }

    private static Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            map.put(kv.getKey(), kv.getValue().getStringValue());
        }
        return map;
    }
}
