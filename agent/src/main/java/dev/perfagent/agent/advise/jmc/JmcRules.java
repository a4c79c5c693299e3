package dev.perfagent.agent.advise.jmc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.flightrecorder.CouldNotLoadRecordingException;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.ResultToolkit;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/**
 * Runs JDK Mission Control's own automated-analysis rules ({@code org.openjdk.jmc:flightrecorder.rules.jdk})
 * over a recording, for {@code perf-agent analyze --jmc}. The only class that touches JMC: the rest of the
 * agent never loads it, and JMC's classes (about 1.9 MB of the jar with their lz4 and encoder
 * dependencies) are loaded only when this runs.
 */
public final class JmcRules {
    private JmcRules() {
    }

    /**
     * Evaluates every JMC rule and returns the ones that found something (INFO or WARNING), most severe first.
     *
     * @param file the recording
     * @return JMC's findings
     * @throws IOException if JMC cannot read the file
     */
    public static List<JmcVerdict> evaluate(Path file) throws IOException {
        IItemCollection events;
        try {
            events = JfrLoaderToolkit.loadEvents(file.toFile());
        } catch (CouldNotLoadRecordingException e) {
            throw new IOException("JMC cannot load " + file + ": " + e.getMessage(), e);
        }
        Map<IRule, Future<IResult>> futures = RulesToolkit.evaluateParallel(RuleRegistry.getRules(), events, null, 0);
        List<JmcVerdict> verdicts = new ArrayList<>();
        for (Map.Entry<IRule, Future<IResult>> entry : futures.entrySet()) {
            IResult result;
            try {
                result = entry.getValue().get();
            } catch (ExecutionException e) {
                continue; // a rule that fails says nothing; JMC's own report skips it the same way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while JMC's rules ran", e);
            }
            if (result == null || (result.getSeverity() != Severity.WARNING && result.getSeverity() != Severity.INFO)) {
                continue;
            }
            IQuantity score = result.getResult(TypedResult.SCORE);
            String summary = result.getSummary() == null ? "" : ResultToolkit.populateMessage(result, result.getSummary(),
                    false);
            verdicts.add(new JmcVerdict(entry.getKey().getId(), entry.getKey().getName(), result.getSeverity().name(),
                    score == null ? -1 : score.doubleValue(), summary.replaceAll("<[^>]+>", "").replace("''", "'").strip()));
        }
        verdicts.sort(Comparator.comparing((JmcVerdict v) -> v.severity().equals("WARNING") ? 0 : 1)
                .thenComparing(Comparator.comparingDouble(JmcVerdict::score).reversed())
                .thenComparing(JmcVerdict::ruleId));
        return verdicts;
    }
}
