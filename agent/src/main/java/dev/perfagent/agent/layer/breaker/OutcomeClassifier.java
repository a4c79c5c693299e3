package dev.perfagent.agent.layer.breaker;

import dev.perfagent.CallRejectedException;
import java.util.HashMap;
import java.util.Map;

/**
 * Sorts a call's outcome into success, failure or ignore from the {@link ExceptionLists}.
 *
 * <p>The thrown exception's class and then its superclasses are looked up by name, nearest first, and the
 * first class found in a list decides: the most specific entry wins, as with Spring's rollback rules, so
 * {@code record: [java.io.IOException]} with {@code ignore: [java.io.FileNotFoundException]} ignores the
 * latter and {@code ignore: [java.io.IOException]} with {@code record: [java.net.SocketTimeoutException]}
 * records the latter. A class is in at most one list, so there are no ties. Names only: no class is loaded
 * (the application's loader may not even be reachable from here), and interfaces are never matched. When no
 * class of the chain is listed: a failure if {@code record} was not given (every {@code Throwable} is then
 * recorded), else a success, as in Resilience4j. A perf-agent refusal ({@link CallRejectedException},
 * e.g. from an inner batch queue or a nested breaker) says nothing about the dependency and is always
 * ignored.
 *
 * <p>Immutable and thread-safe; {@link #classify} allocates nothing.
 */
final class OutcomeClassifier {
    private final Map<String, Verdict> listed = new HashMap<>();
    private final Verdict unlisted;

    OutcomeClassifier(ExceptionLists lists) {
        lists.record().ifPresent(names -> names.forEach(name -> listed.put(name, Verdict.FAILURE)));
        lists.success().forEach(name -> listed.put(name, Verdict.SUCCESS));
        lists.ignore().forEach(name -> listed.put(name, Verdict.IGNORE));
        unlisted = lists.record().isPresent() ? Verdict.SUCCESS : Verdict.FAILURE;
    }

    /** The verdict on a call that returned ({@code thrown} null) or threw {@code thrown}. */
    Verdict classify(Throwable thrown) {
        if (thrown == null) {
            return Verdict.SUCCESS;
        }
        if (thrown instanceof CallRejectedException) {
            return Verdict.IGNORE;
        }
        if (listed.isEmpty()) {
            return unlisted;
        }
        for (Class<?> type = thrown.getClass(); type != null; type = type.getSuperclass()) {
            Verdict verdict = listed.get(type.getName());
            if (verdict != null) {
                return verdict;
            }
        }
        return unlisted;
    }
}
