package dev.perfagent.agent.layer.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.perfagent.CallNotPermittedException;
import dev.perfagent.CallRejectedException;
import dev.perfagent.CallTimeoutException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeClassifierTest {

    /** A nested exception, to show binary names ({@code Outer$Inner}) are what the lists take. */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static OutcomeClassifier classifier(List<String> record, List<String> ignore, List<String> success) {
        return new OutcomeClassifier(new ExceptionLists(Optional.ofNullable(record), ignore, success));
    }

    @Test
    void byDefaultEveryThrowableIsAFailureAndAReturnASuccess() {
        OutcomeClassifier classifier = new OutcomeClassifier(ExceptionLists.DEFAULT);
        assertEquals(Verdict.SUCCESS, classifier.classify(null));
        assertEquals(Verdict.FAILURE, classifier.classify(new IOException()));
        assertEquals(Verdict.FAILURE, classifier.classify(new IllegalStateException()));
        assertEquals(Verdict.FAILURE, classifier.classify(new OutOfMemoryError()));
        assertEquals(Verdict.FAILURE, classifier.classify(new CallTimeoutException("waited too long in a batch queue")));
    }

    @Test
    void perfAgentRefusalsAreNeverCounted() {
        OutcomeClassifier classifier = classifier(List.of("java.lang.Throwable"), List.of(), List.of());
        assertEquals(Verdict.IGNORE, classifier.classify(new CallRejectedException("queue full")));
        assertEquals(Verdict.IGNORE, classifier.classify(new CallNotPermittedException("a nested breaker is open")));
    }

    @Test
    void withARecordListOtherExceptionsAreSuccessesAsInResilience4j() {
        OutcomeClassifier classifier = classifier(List.of("java.io.IOException"), List.of(), List.of());
        assertEquals(Verdict.FAILURE, classifier.classify(new IOException()));
        assertEquals(Verdict.FAILURE, classifier.classify(new SocketTimeoutException()), "a subclass");
        assertEquals(Verdict.SUCCESS, classifier.classify(new IllegalArgumentException()));
    }

    @Test
    void ignoredExceptionsAreNeitherAndSuccessesAreSuccesses() {
        OutcomeClassifier classifier = classifier(null, List.of("java.lang.IllegalArgumentException"),
                List.of(NotFound.class.getName()));
        assertEquals(Verdict.IGNORE, classifier.classify(new IllegalArgumentException()));
        assertEquals(Verdict.IGNORE, classifier.classify(new NumberFormatException()), "a subclass is ignored too");
        assertEquals(Verdict.SUCCESS, classifier.classify(new NotFound()));
        assertEquals(Verdict.FAILURE, classifier.classify(new IOException()), "unlisted, no record list: failure");
    }

    @Test
    void theMostSpecificListedClassWins() {
        OutcomeClassifier narrowIgnore = classifier(List.of("java.io.IOException"),
                List.of("java.io.FileNotFoundException"), List.of());
        assertEquals(Verdict.IGNORE, narrowIgnore.classify(new FileNotFoundException()));
        assertEquals(Verdict.FAILURE, narrowIgnore.classify(new IOException()));

        // Resilience4j's "ignore beats record" would ignore the timeout; the nearer entry decides here.
        OutcomeClassifier narrowRecord = classifier(List.of("java.net.SocketTimeoutException"),
                List.of("java.io.IOException"), List.of("java.io.InterruptedIOException"));
        assertEquals(Verdict.FAILURE, narrowRecord.classify(new SocketTimeoutException()));
        assertEquals(Verdict.SUCCESS, narrowRecord.classify(new java.io.InterruptedIOException()));
        assertEquals(Verdict.IGNORE, narrowRecord.classify(new FileNotFoundException()));
    }

    @Test
    void interfacesAndCausesAreNotLookedAt() {
        OutcomeClassifier classifier = classifier(List.of("java.io.Serializable", "java.io.IOException"), List.of(),
                List.of());
        assertEquals(Verdict.SUCCESS, classifier.classify(new IllegalStateException()),
                "every exception is Serializable, but only superclasses are matched");
        assertEquals(Verdict.SUCCESS, classifier.classify(new UncheckedIOException(new IOException())),
                "the cause is not looked at");
    }

    @Test
    void aClassInTwoListsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ExceptionLists(Optional.of(List.of("a.B")),
                List.of("a.B"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ExceptionLists(Optional.empty(),
                List.of("a.B"), List.of("a.B")));
    }
}
