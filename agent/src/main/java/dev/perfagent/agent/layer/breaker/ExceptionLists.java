package dev.perfagent.agent.layer.breaker;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which exceptions a breaker counts as failures, as successes, or not at all, by binary class name
 * ({@code java.io.IOException}, {@code com.example.Api$NotFound}). See {@link OutcomeClassifier} for how a
 * thrown exception is matched.
 *
 * @param record  failures; empty (not given) means every {@code Throwable} not in the other two lists
 * @param ignore  neither failures nor successes: the call is not counted at all
 * @param success successes, e.g. a {@code NotFoundException} that is a valid answer
 */
public record ExceptionLists(Optional<List<String>> record, List<String> ignore, List<String> success) {

    /** Every exception is a failure, none ignored: the default. */
    public static final ExceptionLists DEFAULT = new ExceptionLists(Optional.empty(), List.of(), List.of());

    /** Copies the lists and checks that no class is in two of them (which would make the outcome ambiguous). */
    public ExceptionLists {
        Objects.requireNonNull(record, "record");
        record = record.map(List::copyOf);
        ignore = List.copyOf(ignore);
        success = List.copyOf(success);
        Set<String> seen = new HashSet<>();
        for (String name : record.orElse(List.of())) {
            seen.add(name);
        }
        for (List<String> list : List.of(ignore, success)) {
            Set<String> mine = new HashSet<>(list);
            for (String name : mine) {
                if (!seen.add(name)) {
                    throw new IllegalArgumentException(name + " is in two of record, ignore and success");
                }
            }
        }
    }
}
