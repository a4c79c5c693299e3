package dev.perfagent.agent.layer.batch.djl;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.perfagent.agent.layer.batch.BatchAdapter;
import dev.perfagent.agent.layer.batch.BatchFunction;
import dev.perfagent.agent.log.AgentLog;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Batches DJL's {@code ai.djl.inference.Predictor#predict(I)} through the same predictor's
 * {@code batchPredict(List<I>)}, when its translator has a batchifier (without one DJL cannot stack the
 * inputs, so those calls run unbatched, and the log says so once per predictor class).
 *
 * <p>DJL lives in the host's class loader, which perf-agent's own loader cannot see, so everything is
 * reached reflectively, resolved once per predictor class. {@code predict} itself calls
 * {@code batchPredict} with one item; the merged call goes to {@code batchPredict} directly, which is not
 * woven, so nothing is batched twice.
 */
public final class DjlPredictAdapter implements BatchAdapter {
    /** The DJL class whose {@code predict} this adapter batches. */
    public static final String PREDICTOR = "ai.djl.inference.Predictor";
    /** One queue per predictor: all of its calls stack alike. */
    private static final Object ONE_QUEUE = "djl";

    private final AgentLog log;
    /** Per predictor class: its translator field and batchPredict method (weak: classes may be unloaded). */
    private final Cache<Class<?>, Access> access = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
    /** Per predictor: whether its translator has a batchifier (a predictor's translator is fixed). */
    private final Cache<Object, Boolean> batchable = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

    private record Access(Field translator, Method batchPredict) {
    }

    public DjlPredictAdapter(AgentLog log) {
        this.log = log;
    }

    @Override
    public Object queueKey(Object self, Object[] args) {
        if (self == null) {
            return null;
        }
        return batchable.get(self, this::hasBatchifier) ? ONE_QUEUE : null;
    }

    private boolean hasBatchifier(Object predictor) {
        try {
            Object translator = access(predictor.getClass()).translator().get(predictor);
            Object batchifier = translator == null ? null
                    : translator.getClass().getMethod("getBatchifier").invoke(translator);
            if (batchifier == null) {
                log.rateLimited(AgentLog.Level.INFO, "djl-no-batchifier:" + translator,
                        "DJL predictor " + predictor.getClass().getName() + ": its translator "
                                + (translator == null ? "is unknown" : translator.getClass().getName() + " has no batchifier")
                                + ", so its predict calls run unbatched");
                return false;
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.rateLimited(AgentLog.Level.WARN, "djl-access:" + predictor.getClass().getName(),
                    "DJL predictor " + predictor.getClass().getName() + ": cannot read its translator (" + e
                            + "); its predict calls run unbatched");
            return false;
        }
    }

    private Access access(Class<?> type) throws ReflectiveOperationException {
        Access found = access.getIfPresent(type);
        if (found != null) {
            return found;
        }
        Class<?> predictorClass = type;
        while (predictorClass != null && !predictorClass.getName().equals(PREDICTOR)) {
            predictorClass = predictorClass.getSuperclass();
        }
        if (predictorClass == null) {
            throw new NoSuchFieldException(type.getName() + " is not a " + PREDICTOR);
        }
        Field translator = predictorClass.getDeclaredField("translator");
        translator.setAccessible(true);
        // The receiver's own override of batchPredict, if it has one, is the batch form.
        Method batchPredict = type.getMethod("batchPredict", List.class);
        batchPredict.setAccessible(true);
        found = new Access(translator, batchPredict);
        access.put(type, found);
        return found;
    }

    @Override
    public BatchFunction function(Object self, Object key) throws ReflectiveOperationException {
        Method batchPredict = access(self.getClass()).batchPredict();
        WeakReference<Object> predictor = new WeakReference<>(self);
        return calls -> {
            List<Object> inputs = new ArrayList<>(calls.size());
            for (Object[] call : calls) {
                inputs.add(call[0]);
            }
            try {
                @SuppressWarnings("unchecked")
                List<Object> outputs = (List<Object>) batchPredict.invoke(predictor.get(), inputs);
                return outputs;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }

    @Override
    public String via() {
        return PREDICTOR + "#batchPredict(java.util.List)";
    }
}
