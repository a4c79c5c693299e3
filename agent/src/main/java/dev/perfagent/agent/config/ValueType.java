package dev.perfagent.agent.config;

import dev.perfagent.agent.config.LogConfig.Level;
import dev.perfagent.agent.layer.WhenLimited;
import dev.perfagent.agent.layer.batch.WhenFull;
import dev.perfagent.agent.layer.batch.dispatch.ExecutorSettings;
import dev.perfagent.agent.layer.batch.dispatch.RoutingStrategy;
import dev.perfagent.agent.layer.limit.LimitAlgorithmKind;
import dev.perfagent.agent.layer.limit.LimitAlgorithmSettings;
import dev.perfagent.agent.layer.breaker.WindowSpec;
import dev.perfagent.agent.layer.breaker.WindowType;
import dev.perfagent.instrumentation.pattern.ClassPattern;
import dev.perfagent.instrumentation.pattern.MethodPatternException;
import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kind of a scalar config value: how its text becomes a value, and how to name it in a message.
 * File values and overrides go through the same instance, so they are validated identically.
 *
 * @param <T> the parsed value
 */
final class ValueType<T> {

    /** Text to value; throws with a message that quotes the text and says what was expected. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(String text) throws InvalidValueException;
    }

    private static final Pattern RULE_NAME_CHARS = Pattern.compile("[A-Za-z0-9_.-]+");

    static final ValueType<String> NAME = new ValueType<>("a name", text -> {
        if (text.isBlank()) {
            throw new InvalidValueException("must not be empty");
        }
        return text;
    });

    static final ValueType<Boolean> BOOLEAN = new ValueType<>("true or false", text -> {
        // Strict: YAML 1.1 habits ('yes', 'on') silently meaning true is a trap.
        if (text.equals("true")) {
            return Boolean.TRUE;
        }
        if (text.equals("false")) {
            return Boolean.FALSE;
        }
        throw new InvalidValueException("expected true or false, got '" + text + "'");
    });

    static final ValueType<Integer> PORT = new ValueType<>("a port number (0..65535)", text -> {
        int port = integer(text, "not a port number: '" + text + "'");
        if (port < 0 || port > 65535) {
            throw new InvalidValueException("port out of range: " + port + " (expected 0..65535)");
        }
        return port;
    });

    static final ValueType<String> HOST = new ValueType<>("a host name or IP address", text -> {
        if (text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidValueException(
                    "invalid host '" + text + "' (expected a host name or IP address, e.g. 127.0.0.1)");
        }
        return text;
    });

    /**
     * A bearer token (RFC 6750 {@code b64token}: letters, digits, {@code - . _ ~ + /}, then {@code =} padding).
     * Messages never quote it: a config problem is logged and shown by {@code /status}.
     */
    static final ValueType<String> BEARER_TOKEN = new ValueType<>("a bearer token such as the output of"
            + " 'openssl rand -hex 32'", text -> {
        if (text.isEmpty()) {
            throw new InvalidValueException("must not be empty");
        }
        int padding = text.length();
        while (padding > 0 && text.charAt(padding - 1) == '=') {
            padding--;
        }
        for (int i = 0; i < padding; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~+/".indexOf(c) >= 0)) {
                throw new InvalidValueException("invalid character at position " + (i + 1) + " of the token (the value"
                        + " is not shown; allowed: letters, digits, - . _ ~ + / and trailing =)", i);
            }
        }
        if (padding == 0) {
            throw new InvalidValueException("invalid token (the value is not shown): it needs more than '='");
        }
        return text;
    });

    static final ValueType<Integer> POSITIVE_INT = new ValueType<>("a whole number >= 1", text -> {
        int value = integer(text, "not a whole number: '" + text + "'");
        if (value < 1) {
            throw new InvalidValueException("must be at least 1, got " + value);
        }
        return value;
    });

    static final ValueType<Duration> DURATION =
            new ValueType<>("a duration such as 100ms", DurationFormat::parse);

    static final ValueType<Duration> POSITIVE_DURATION = new ValueType<>("a duration such as 100ms", text -> {
        Duration duration = DurationFormat.parse(text);
        if (duration.isZero()) {
            throw new InvalidValueException("must be greater than 0, got '" + text + "'");
        }
        return duration;
    });

    static final ValueType<Level> LOG_LEVEL = new ValueType<>("one of error, warn, info, debug", text -> {
        for (Level level : Level.values()) {
            if (level.name().equalsIgnoreCase(text)) {
                return level;
            }
        }
        throw new InvalidValueException(
                "unknown log level '" + text + "' (expected one of: error, warn, info, debug)");
    });

    static final ValueType<Path> PATH = new ValueType<>("a file path", text -> {
        if (text.isBlank()) {
            throw new InvalidValueException("must not be empty");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidValueException("invalid path '" + text + "': " + e.getReason(), Math.max(e.getIndex(), 0));
        }
    });

    /** A report file: a path whose extension names the format ({@code .html}, {@code .htm}, {@code .md}). */
    static final ValueType<Path> REPORT_FILE = new ValueType<>("a file path ending in .html, .htm or .md", text -> {
        Path file = PATH.parse(text);
        if (ReportConfig.Format.of(file).isEmpty()) {
            throw new InvalidValueException("unsupported report file '" + text
                    + "': the extension names the format (.html or .htm for HTML, .md for Markdown)");
        }
        return file;
    });

    static final ValueType<String> RULE_NAME = new ValueType<>("a rule name", text -> {
        if (!RULE_NAME_CHARS.matcher(text).matches()) {
            throw new InvalidValueException(
                    "invalid rule name '" + text + "' (allowed: letters, digits, '_', '.', '-')");
        }
        return text;
    });

    static final ValueType<MethodPattern> METHOD_PATTERN =
            new ValueType<>("a method pattern such as com.example.Foo#bar(..)", text -> {
                try {
                    return MethodPattern.parse(text);
                } catch (MethodPatternException e) {
                    throw new InvalidValueException(e.getMessage(), e.offset());
                }
            });

    static final ValueType<WhenFull> WHEN_FULL = new ValueType<>("one of run-alone, reject, block", text -> {
        for (WhenFull mode : WhenFull.values()) {
            if (mode.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(text)) {
                return mode;
            }
        }
        throw new InvalidValueException("unknown value '" + text + "' (expected one of: run-alone, reject, block)");
    });

    /** Validated as a {@link ClassPattern}, kept as text (that is what {@link WeaveConfig} holds). */
    static final ValueType<String> CLASS_PATTERN =
            new ValueType<>("a class pattern such as com.example.generated..*", text -> {
                try {
                    return ClassPattern.parse(text).toString();
                } catch (MethodPatternException e) {
                    throw new InvalidValueException(e.getMessage(), e.offset());
                }
            });

    static final ValueType<Integer> NON_NEGATIVE_INT = new ValueType<>("a whole number >= 0", text -> {
        int value = integer(text, "not a whole number: '" + text + "'");
        if (value < 0) {
            throw new InvalidValueException("must be at least 0, got " + value);
        }
        return value;
    });

    /** A share in percent, written with its sign: {@code 50%}; more than 0, at most 100. */
    static final ValueType<Double> PERCENT = new ValueType<>("a percentage such as 50%", text -> {
        String trimmed = text.trim();
        if (!trimmed.matches("[0-9]+(\\.[0-9]+)?%")) {
            throw new InvalidValueException("expected a percentage such as 50%, got '" + text + "'");
        }
        double value = Double.parseDouble(trimmed.substring(0, trimmed.length() - 1));
        if (value <= 0 || value > 100) {
            throw new InvalidValueException("must be more than 0% and at most 100%, got '" + text + "'");
        }
        return value;
    });

    /** A Java binary class name such as {@code java.io.IOException} (not loaded: the host's loader may not exist yet). */
    static final ValueType<String> CLASS_NAME = new ValueType<>("a class name such as java.io.IOException", text -> {
        String trimmed = text.trim();
        if (!trimmed.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            throw new InvalidValueException("not a class name: '" + text + "' (expected e.g. java.io.IOException)");
        }
        return trimmed;
    });

    static final ValueType<WhenLimited> WHEN_LIMITED = keyword(WhenLimited.class);

    // --- concurrency-limit layer ------------------------------------------------------------------

    /** The limit algorithm: {@code gradient2}, {@code vegas}, {@code aimd} or {@code fixed}. */
    static final ValueType<LimitAlgorithmKind> LIMIT_ALGORITHM = keyword(LimitAlgorithmKind.class);

    /** A concurrency limit: calls in flight at once, from 1 to {@link LimitAlgorithmSettings#MAX_LIMIT}. */
    static final ValueType<Integer> CONCURRENCY =
            new ValueType<>("a whole number from 1 to " + LimitAlgorithmSettings.MAX_LIMIT, text -> {
                int value = integer(text, "not a whole number: '" + text + "'");
                if (value < 1 || value > LimitAlgorithmSettings.MAX_LIMIT) {
                    throw new InvalidValueException("must be from 1 to " + LimitAlgorithmSettings.MAX_LIMIT + ", got "
                            + value);
                }
                return value;
            });

    /** A smoothing factor: the part of a new estimate taken at once, more than 0 and at most 1. */
    static final ValueType<Double> SMOOTHING = decimal("a number more than 0 and at most 1, such as 0.2",
            value -> value > 0 && value <= 1);

    /** How much a latency may grow before it counts as queueing: at least 1 ({@code 1.5}: 50% more). */
    static final ValueType<Double> RTT_TOLERANCE = decimal("a number of at least 1, such as 1.5", value -> value >= 1);

    /** The factor a limit is multiplied by on a drop: at least 0.5 and less than 1. */
    static final ValueType<Double> BACKOFF_RATIO = decimal("a number of at least 0.5 and less than 1, such as 0.9",
            value -> value >= 0.5 && value < 1);

    /** A plain decimal number ({@code 0.2}, {@code 1}, no sign or exponent) that {@code valid} accepts. */
    private static ValueType<Double> decimal(String description, DoublePredicate valid) {
        return new ValueType<>(description, text -> {
            String trimmed = text.trim();
            if (!trimmed.matches("[0-9]{1,9}(\\.[0-9]{1,9})?")) {
                throw new InvalidValueException("expected " + description + ", got '" + text + "'");
            }
            double value = Double.parseDouble(trimmed);
            if (!valid.test(value)) {
                throw new InvalidValueException("expected " + description + ", got '" + text + "'");
            }
            return value;
        });
    }

    // --- circuit-breaker layer -------------------------------------------------------------------

    static final ValueType<WindowType> WINDOW_TYPE = keyword(WindowType.class);

    /** A batch site's routing strategy: {@code round-robin}, {@code least-latency}, ... */
    static final ValueType<RoutingStrategy> ROUTING_STRATEGY = keyword(RoutingStrategy.class);

    static final ValueType<Integer> WEIGHT = new ValueType<>("a whole number from 1 to " + ExecutorSettings.MAX_WEIGHT,
            text -> {
                int value = integer(text, "not a whole number: '" + text + "'");
                if (value < 1 || value > ExecutorSettings.MAX_WEIGHT) {
                    throw new InvalidValueException("must be from 1 to " + ExecutorSettings.MAX_WEIGHT + ", got " + value);
                }
                return value;
            });

    /** A breaker's sliding window: a whole number of calls (a count window) or a duration (a time window). */
    static final ValueType<WindowSpec> BREAKER_WINDOW =
            new ValueType<>("a number of calls such as 100 or a duration such as 10s", text -> {
                String trimmed = text.trim();
                if (trimmed.matches("[+-]?[0-9]+")) {
                    int calls = integer(trimmed, "not a number of calls: '" + text + "'");
                    if (calls < 1 || calls > WindowSpec.MAX_CALLS) {
                        throw new InvalidValueException("a count window holds 1 to " + WindowSpec.MAX_CALLS
                                + " calls, got " + calls);
                    }
                    return WindowSpec.count(calls);
                }
                Duration length;
                try {
                    length = DurationFormat.parse(trimmed);
                } catch (InvalidValueException e) {
                    throw new InvalidValueException("expected a number of calls such as 100 or a duration such as"
                            + " 10s, got '" + text + "'");
                }
                String problem = WindowSpec.lengthProblem(length);
                if (problem != null) {
                    throw new InvalidValueException(problem + ", got '" + text + "'");
                }
                return WindowSpec.time(length);
            });

    /** A breaker's fallback: any text (checked against the protected method when its site is created). */
    static final ValueType<String> FALLBACK =
            new ValueType<>("a constant or a method such as com.example.Fallbacks#fetch", text -> text);

    /** {@code export.jfr.settings}: the JDK's predefined JFR configuration. */
    static final ValueType<JfrExportConfig.Settings> JFR_SETTINGS = keyword(JfrExportConfig.Settings.class);

    // cache layer

    private static final Pattern BYTE_SIZE_TEXT =
            Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([KMG]i?)?B", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");

    /**
     * A size in bytes, with a unit: {@code B}, {@code KB}, {@code MB}, {@code GB} (any case; {@code KiB} and so on
     * mean the same), in binary multiples as for {@code -Xmx} (1KB = 1024 bytes); fractions allowed
     * ({@code 1.5GB}); more than 0. A bare number is rejected, as for durations.
     */
    static final ValueType<Long> BYTE_SIZE = new ValueType<>("a size such as 64MB", text -> {
        String trimmed = text.trim();
        Matcher matcher = BYTE_SIZE_TEXT.matcher(trimmed);
        if (!matcher.matches()) {
            if (PLAIN_NUMBER.matcher(trimmed).matches()) {
                throw new InvalidValueException("invalid size '" + text + "': a unit is required (B, KB, MB, GB"
                        + " — e.g. " + trimmed + "MB)");
            }
            throw new InvalidValueException("invalid size '" + text + "' (expected a number with a unit: B, KB,"
                    + " MB, GB — e.g. 64MB)");
        }
        String unit = matcher.group(2) == null ? "" : matcher.group(2).substring(0, 1).toUpperCase(Locale.ROOT);
        int shift = unit.isEmpty() ? 0 : unit.equals("K") ? 10 : unit.equals("M") ? 20 : 30;
        BigDecimal bytes = new BigDecimal(matcher.group(1))
                .multiply(BigDecimal.valueOf(1L << shift));
        if (bytes.signum() == 0) {
            throw new InvalidValueException("must be greater than 0, got '" + text + "'");
        }
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw new InvalidValueException("invalid size '" + text + "': finer than a byte");
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new InvalidValueException("size too large: '" + text + "'");
        }
        return bytes.longValueExact();
    });

    // gpu section

    /** {@code gpu.mode}: {@code auto}, {@code cuda} or {@code off}. */
    static final ValueType<dev.perfagent.gpu.GpuMode> GPU_MODE = keyword(dev.perfagent.gpu.GpuMode.class);

    /** {@code gpu.period}: at least 100ms (a driver query costs about a millisecond), at most 1h. */
    static final ValueType<Duration> GPU_PERIOD = new ValueType<>("a duration from 100ms to 1h such as 1s", text -> {
        Duration period = DurationFormat.parse(text);
        if (period.compareTo(Duration.ofMillis(100)) < 0 || period.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidValueException("must be from 100ms to 1h, got '" + text + "'");
        }
        return period;
    });

    /** A share kept in reserve: {@code 0%} up to but not including {@code 100%}. */
    static final ValueType<Double> HEADROOM_PERCENT = new ValueType<>("a percentage from 0% to under 100% such as 10%",
            text -> {
                String trimmed = text.trim();
                if (!trimmed.matches("[0-9]+(\\.[0-9]+)?%")) {
                    throw new InvalidValueException("expected a percentage such as 10%, got '" + text + "'");
                }
                double value = Double.parseDouble(trimmed.substring(0, trimmed.length() - 1));
                if (value >= 100) {
                    throw new InvalidValueException("must be less than 100%, got '" + text + "'");
                }
                return value;
            });

    // profiling section

    /**
     * The CPU sampling engine: {@code auto}, {@code async-profiler} (or one of its modes: {@code perf-events},
     * {@code ctimer}, {@code itimer}), {@code jfr} or {@code off}.
     */
    static final ValueType<ProfilingConfig.Cpu> PROFILING_CPU = keyword(ProfilingConfig.Cpu.class);

    /** A sampling interval: at least 1ms (JFR samples no faster) and at most 1s. */
    static final ValueType<Duration> SAMPLING_INTERVAL = new ValueType<>("a duration from 1ms to 1s such as 10ms",
            text -> {
                Duration interval = DurationFormat.parse(text);
                if (interval.compareTo(Duration.ofMillis(1)) < 0 || interval.compareTo(Duration.ofSeconds(1)) > 0) {
                    throw new InvalidValueException("must be from 1ms to 1s, got '" + text + "'");
                }
                return interval;
            });

    /** A profiling window: at least 1s, at most 1h. */
    static final ValueType<Duration> PROFILING_WINDOW = new ValueType<>("a duration from 1s to 1h such as 60s",
            text -> {
                Duration window = DurationFormat.parse(text);
                if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
                    throw new InvalidValueException("must be from 1s to 1h, got '" + text + "'");
                }
                return window;
            });

    // export.otlp

    /** An absolute {@code http} or {@code https} URL with a host, such as {@code http://localhost:4318/v1/metrics}. */
    static final ValueType<URI> HTTP_URL = new ValueType<>("an http(s) URL such as http://localhost:4318/v1/metrics",
            text -> {
                String trimmed = text.trim();
                URI uri;
                try {
                    uri = new URI(trimmed);
                } catch (URISyntaxException e) {
                    throw new InvalidValueException("invalid URL '" + text + "': " + e.getReason(),
                            Math.max(e.getIndex(), 0));
                }
                String scheme = uri.getScheme();
                if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                        || uri.getHost() == null) {
                    throw new InvalidValueException("expected an http or https URL such as"
                            + " http://localhost:4318/v1/metrics, got '" + text + "'");
                }
                return uri;
            });

    static final ValueType<OtlpExportConfig.Temporality> TEMPORALITY = keyword(OtlpExportConfig.Temporality.class);

    private final String description;
    private final Parser<T> parser;

    private ValueType(String description, Parser<T> parser) {
        this.description = description;
        this.parser = parser;
    }

    /** What a value of this type looks like, for "expected ..." messages. */
    String description() {
        return description;
    }

    T parse(String text) throws InvalidValueException {
        return parser.parse(text);
    }

    /** One of an enum's constants, written in lower case with {@code -} for {@code _}: {@code run-alone}. */
    static <E extends Enum<E>> ValueType<E> keyword(Class<E> type) {
        E[] constants = type.getEnumConstants();
        StringBuilder names = new StringBuilder();
        for (E constant : constants) {
            names.append(names.length() == 0 ? "" : ", ").append(keyword(constant));
        }
        String expected = "one of " + names;
        return new ValueType<>(expected, text -> {
            for (E constant : constants) {
                if (keyword(constant).equals(text)) {
                    return constant;
                }
            }
            throw new InvalidValueException("unknown value '" + text + "' (expected " + expected + ")");
        });
    }

    private static String keyword(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static int integer(String text, String message) throws InvalidValueException {
        String trimmed = text.trim();
        if (!trimmed.matches("[+-]?[0-9]{1,10}")) {
            throw new InvalidValueException(message);
        }
        long value = Long.parseLong(trimmed);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new InvalidValueException(message);
        }
        return (int) value;
    }

}
