package dev.perfagent.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One load the service is put under in {@link BatchingBenchmark}.
 *
 * <p>Spec strings (for {@code --loads}): {@code closed:N} (N closed-loop clients); {@code poisson:F}
 * and {@code bursty:F[:BURST]} (open loop at F times the measured ceiling's items/s, e.g. 0.9);
 * {@code overload:F} (Poisson at F times the ceiling, e.g. 3, with the agent's {@code when-full:
 * reject} and a small {@code queue-capacity}). Open loops are served by {@code --open-clients}
 * worker threads, and bursty load sends bursts of BURST requests at once (default {@code --burst}).
 *
 * @param spec the spec it was made from
 * @param kind {@code closed}, {@code poisson}, {@code bursty} or {@code overload}
 * @param clients closed-loop clients, or the open-loop worker pool
 * @param ceilingFraction open loop: the rate as a fraction of the ceiling
 * @param burst bursty: requests per burst
 */
record LoadShape(String spec, String kind, int clients, double ceilingFraction, int burst) {

    boolean openLoop() {
        return !kind.equals("closed");
    }

    boolean overload() {
        return kind.equals("overload");
    }

    /** @return requests per second of an open loop, against a ceiling of {@code ceiling} items/s */
    double rate(double ceiling) {
        return Math.max(1, Math.round(ceilingFraction * ceiling));
    }

    /** @return the {@code --arrival} argument of the {@code load} command */
    String arrival(double ceiling) {
        switch (kind) {
            case "closed": return "closed";
            case "bursty": return String.format(Locale.ROOT, "bursty:%.0f:%d", rate(ceiling), burst);
            default: return String.format(Locale.ROOT, "poisson:%.0f", rate(ceiling));
        }
    }

    /** @return a heading for this load's table */
    String title(double ceiling) {
        switch (kind) {
            case "closed":
                return "closed loop, " + clients + (clients == 1 ? " client" : " clients");
            case "bursty":
                return String.format(Locale.ROOT, "open loop, bursts of %d at %.0f%% of the ceiling (%s requests/s),"
                        + " %d worker threads", burst, 100 * ceilingFraction, Table.count(rate(ceiling)), clients);
            case "overload":
                return String.format(Locale.ROOT, "overload: Poisson at %.1f× the ceiling (%s requests/s), %d worker"
                        + " threads; agent runs with when-full: reject", ceilingFraction, Table.count(rate(ceiling)),
                        clients);
            default:
                return String.format(Locale.ROOT, "open loop, Poisson at %.0f%% of the ceiling (%s requests/s),"
                        + " %d worker threads", 100 * ceilingFraction, Table.count(rate(ceiling)), clients);
        }
    }

    /**
     * @param specs comma-separated specs; see the class comment
     * @param openClients worker threads of the open loops
     * @param burst default burst size
     */
    static List<LoadShape> parseAll(String specs, int openClients, int burst) {
        List<LoadShape> loads = new ArrayList<>();
        for (String spec : specs.split(",")) {
            loads.add(parse(spec.trim(), openClients, burst));
        }
        return loads;
    }

    static LoadShape parse(String spec, int openClients, int burst) {
        String[] parts = spec.split(":");
        try {
            switch (parts[0]) {
                case "closed":
                    if (parts.length == 2) {
                        return new LoadShape(spec, "closed", positive(Integer.parseInt(parts[1]), spec), 0, 0);
                    }
                    break;
                case "poisson":
                case "overload":
                    if (parts.length == 2) {
                        return new LoadShape(spec, parts[0], openClients, positive(Double.parseDouble(parts[1]), spec), 0);
                    }
                    break;
                case "bursty":
                    if (parts.length == 2 || parts.length == 3) {
                        int size = parts.length == 3 ? Integer.parseInt(parts[2]) : burst;
                        return new LoadShape(spec, "bursty", openClients, positive(Double.parseDouble(parts[1]), spec),
                                positive(size, spec));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bad load '" + spec
                + "': expected closed:N, poisson:F, bursty:F[:BURST] or overload:F (F = fraction of the ceiling)");
    }

    private static double positive(double value, String spec) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("load '" + spec + "': the number must be positive");
        }
        return value;
    }

    private static int positive(int value, String spec) {
        return (int) positive((double) value, spec);
    }
}
