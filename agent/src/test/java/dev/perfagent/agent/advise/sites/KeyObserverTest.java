package dev.perfagent.agent.advise.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perfagent.agent.log.AgentLog;
import org.junit.jupiter.api.Test;

class KeyObserverTest {
    private static final AgentLog LOG = AgentLog.toStderr(AgentLog.Level.ERROR);

    private static KeyObserver observer(boolean withReceiver) {
        return new KeyObserver("app.Model#score(float[])", new ShadowCache(1000, 1.0), withReceiver, LOG);
    }

    @Test
    void arraysCountAsTheSameKeyByContent() {
        KeyObserver observer = observer(false);
        observer.observe(null, new Object[] {new float[] {1, 2}});
        observer.observe(null, new Object[] {new float[] {1, 2}});
        observer.observe(null, new Object[] {new float[] {2, 1}});
        assertEquals(new ShadowCacheFigures(3, 1, 1000, 1.0), observer.figures());
    }

    @Test
    void withTheReceiverInTheKeyEachInstanceHasItsOwnEntries() {
        KeyObserver perInstance = observer(true);
        KeyObserver shared = observer(false);
        Object first = new Object();
        Object second = new Object();
        for (Object receiver : new Object[] {first, second, first}) {
            perInstance.observe(receiver, new Object[] {"k"});
            shared.observe(receiver, new Object[] {"k"});
        }
        assertEquals(1, perInstance.figures().hits());
        assertEquals(2, shared.figures().hits());
    }

    @Test
    void anArgumentWhoseHashCodeThrowsIsCountedNotThrown() {
        KeyObserver observer = observer(false);
        Object broken = new Object() {
            @Override
            public int hashCode() {
                throw new IllegalStateException("host bug");
            }
        };
        observer.observe(null, new Object[] {broken});
        assertEquals(1, observer.faults());
        assertEquals(0, observer.figures().lookups());
    }
}
