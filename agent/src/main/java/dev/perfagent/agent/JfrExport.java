package dev.perfagent.agent;

import dev.perfagent.agent.config.JfrExportConfig;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.export.jfr.AgentRecording;

/**
 * Starts and stops the {@code export.jfr} recording for {@link AgentRuntime}, logging every failure
 * instead of throwing it: a recording that cannot start leaves the rest of the agent running.
 */
final class JfrExport {

    private JfrExport() {
    }

    /**
     * Starts the recording if the config enables it.
     *
     * @return the running recording, or {@code null} when it is off or failed to start (logged)
     */
    static AgentRecording start(JfrExportConfig config, AgentLog log) {
        if (!config.enabled()) {
            return null;
        }
        try {
            AgentRecording recording = AgentRecording.start(config.settings().jfcName(), config.maxAge(),
                    config.maxSize(), config.dumpOnExit().orElse(null));
            log.info("JFR recording '" + AgentRecording.NAME + "' started (settings " + config.settings().jfcName()
                    + ", max-age " + config.maxAge().toSeconds() + " s, max-size " + (config.maxSize() >> 20) + " MB)"
                    + recording.destination().map(p -> "; written to " + p + " when the JVM exits").orElse(""));
            return recording;
        } catch (Throwable t) {
            log.error("JFR recording is off: " + t);
            return null;
        }
    }

    /** Stops and discards the recording, which writes its dump-on-exit file first; logs any failure. */
    static void stop(AgentRecording recording, AgentLog log) {
        if (recording == null) {
            return;
        }
        try {
            recording.close();
            recording.destination().ifPresent(p -> log.info("JFR recording '" + AgentRecording.NAME
                    + "' stopped and written to " + p));
        } catch (Throwable t) {
            log.error("stopping the JFR recording failed: " + t);
        }
    }
}
