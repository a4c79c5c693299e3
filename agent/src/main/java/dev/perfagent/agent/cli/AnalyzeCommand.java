package dev.perfagent.agent.cli;

import dev.perfagent.agent.advise.Advisor;
import dev.perfagent.agent.advise.evidence.RecordingEvidence;
import dev.perfagent.agent.advise.evidence.RecordingFileReader;
import dev.perfagent.agent.advise.jmc.JmcRules;
import dev.perfagent.agent.advise.jmc.JmcVerdict;
import dev.perfagent.agent.advise.print.AnalysisReport;
import dev.perfagent.agent.advise.print.HtmlReport;
import dev.perfagent.agent.advise.print.JsonReport;
import dev.perfagent.agent.advise.print.TextReport;
import dev.perfagent.agent.log.AgentLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code analyze FILE.jfr}: reads a JFR recording (the JDK's, ours, or async-profiler's, whose samples
 * async-profiler's own parser reads), runs every detector over it and prints the recommendations, most
 * important first: where the time or memory goes, the evidence, what to change and what it should gain.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Read a JFR recording and print where its time and memory go, what to change and what"
                + " that should gain (see docs/recommendations.md).")
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE.jfr", description = "The JFR recording.")
    private Path file;
    @Option(names = "--format", paramLabel = "text|html|json", defaultValue = "text",
            description = "Output format: text (default), html (one self-contained page) or json.")
    private String format;
    @Option(names = "--jmc", description = "Also run JDK Mission Control's own automated-analysis rules and print"
            + " what they say in a separate section (slower).")
    private boolean jmc;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("text") && !format.equals("json") && !format.equals("html")) {
            throw new ParameterException(spec.commandLine(), "--format must be text, html or json, got '"
                    + format + "'");
        }
        if (!Files.isRegularFile(file)) {
            err.println(file + ": no such file");
            return PerfAgentCli.FAILED;
        }
        RecordingEvidence recording;
        try {
            recording = RecordingFileReader.readRecording(file);
        } catch (NoSuchFileException e) {
            err.println(file + ": no such file");
            return PerfAgentCli.FAILED;
        } catch (IOException | RuntimeException e) {
            // RecordingFile (and async-profiler's parser) report a foreign or damaged file as an IOException,
            // sometimes as an unchecked one
            err.println(file + ": not a readable JFR recording (" + oneLine(e) + ")");
            return PerfAgentCli.FAILED;
        }
        List<JmcVerdict> jmcVerdicts = null;
        if (jmc) {
            try {
                jmcVerdicts = JmcRules.evaluate(file);
            } catch (IOException | RuntimeException | LinkageError e) {
                // JMC's view is extra: without it the agent's own recommendations still stand
                err.println(file + ": JDK Mission Control's rules could not run (" + oneLine(e) + ")");
            }
        }
        AnalysisReport report = new AnalysisReport(file.getFileName().toString(), recording,
                Advisor.standard(AgentLog.toStderr(AgentLog.Level.WARN)).advise(recording.evidence()), jmcVerdicts);
        switch (format) {
            case "json" -> out.println(JsonReport.render(report));
            case "html" -> out.print(HtmlReport.render(report));
            default -> out.print(TextReport.render(report));
        }
        out.flush();
        return 0;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
