package dev.perfagent.agent;

import dev.perfagent.agent.config.AgentConfig;
import dev.perfagent.agent.config.ConfigException;
import dev.perfagent.agent.config.ConfigLoader;
import dev.perfagent.agent.config.ConfigProblem;
import dev.perfagent.agent.log.AgentLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hot reload ({@code reload: true}): checks the config file on the control loop and, when its content
 * changed, loads it with the same overrides as at start and applies it the lightest way that is correct
 * ({@link ConfigChange}). An invalid file is reported like at start (file:line:column: key: message) and
 * changes nothing: the running config stays.
 */
final class ConfigReloader {

    /** What a reload acts on: the running agent. */
    interface Target {
        /** The config running now. */
        AgentConfig config();

        /** Swaps the layers of the woven sites for those of {@code next}. */
        void applyLayers(AgentConfig next);

        /** Restores the woven classes and starts again with {@code next}, off the calling thread. */
        void restart(AgentConfig next);
    }

    private final Path file;
    private final ConfigFileWatch watch;
    private final Target target;
    private final AgentLog log;

    ConfigReloader(Path file, Target target, AgentLog log) {
        this.file = file;
        this.watch = new ConfigFileWatch(file);
        this.target = target;
        this.log = log;
    }

    /** One check; never throws. */
    void check() {
        try {
            if (!watch.changed()) {
                return;
            }
        } catch (IOException e) {
            log.rateLimited(AgentLog.Level.WARN, "reload-read", "reload: cannot read " + file
                    + " (" + e + "); the running config stays");
            return;
        }
        try {
            AgentConfig next = load();
            if (next == null) {
                return;
            }
            ConfigChange change = ConfigChange.between(target.config(), next);
            switch (change) {
                case NONE:
                    log.info("reload: " + file + " changed but its effective settings did not");
                    break;
                case LAYERS:
                    target.applyLayers(next);
                    break;
                default:
                    log.info("reload: " + file + " changes what is woven; restoring the classes and weaving again");
                    target.restart(next);
                    break;
            }
        } catch (Throwable t) {
            log.error("reload of " + file + " failed: " + t + "; the running config stays");
        }
    }

    private AgentConfig load() {
        Map<String, String> properties = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        try {
            return ConfigLoader.load(file, properties, System.getenv());
        } catch (ConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                log.error(problem.toString());
            }
            log.error("reload of " + file + " rejected (" + e.problems().size()
                    + " problem(s) above); the running config stays");
            return null;
        }
    }
}
