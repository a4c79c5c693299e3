package dev.perfagent.sample.bottlenecks;

/**
 * The command line: {@code <scenario> [--threads N] [--seconds S] [--leak-kib-per-second K]}.
 *
 * @param scenario which workload to run
 * @param threads request threads (the scenario's default unless given)
 * @param seconds how long to run; 0 means until killed
 * @param leakKibPerSecond the {@code leak} scenario's growth rate in KiB of payload per second
 */
record Options(ScenarioType scenario, int threads, long seconds, int leakKibPerSecond) {
    static final int DEFAULT_LEAK_KIB_PER_SECOND = 1024;

    static String usage() {
        return "usage: java -jar bottlenecks-app.jar <" + ScenarioType.cliNames() + ">"
                + " [--threads N] [--seconds S] [--leak-kib-per-second K]";
    }

    /** Parses {@code args}; throws IllegalArgumentException with a message saying what is wrong. */
    static Options parse(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no scenario given");
        }
        ScenarioType scenario = ScenarioType.byCliName(args[0])
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + args[0] + "'"));
        int threads = scenario.defaultThreads();
        long seconds = 0;
        int leakKibPerSecond = DEFAULT_LEAK_KIB_PER_SECOND;
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--threads" -> threads = positive(args[i], value);
                case "--seconds" -> seconds = positive(args[i], value);
                case "--leak-kib-per-second" -> leakKibPerSecond = positive(args[i], value);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return new Options(scenario, threads, seconds, leakKibPerSecond);
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'");
        }
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + n);
        }
        return n;
    }
}
