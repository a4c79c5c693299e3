package dev.perfagent.agent.advise.evidence;

import java.util.Map;

/**
 * Blocking IO over the window, as JFR records it (only calls longer than the event's threshold, 20 ms
 * in the JDK's default settings).
 *
 * @param socketByEndpoint socket reads and writes per {@code host:port}
 * @param fileByPath file reads and writes per path
 */
public record IoActivity(Map<String, DurationStat> socketByEndpoint, Map<String, DurationStat> fileByPath) {
    /** No IO. */
    public static final IoActivity NONE = new IoActivity(Map.of(), Map.of());

    /** Copies the maps. */
    public IoActivity {
        socketByEndpoint = Map.copyOf(socketByEndpoint);
        fileByPath = Map.copyOf(fileByPath);
    }
}
