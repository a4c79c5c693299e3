package dev.perfagent.agent.layer.batch;

import java.lang.ref.WeakReference;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Runs a batch through a declared batch form: puts each call's one argument into an array of the
 * parameter's component type (primitive arrays included) or a {@code List}, invokes the batch form once on
 * the receiver, and returns its results as a list, one per call. A result of the wrong length is returned
 * as it is: the batcher checks the length and turns batching off.
 */
final class ViaBatchFunction implements BatchFunction {
    /** Weak: the lane holding this function is the value of a weak-keyed map whose key is the receiver. */
    private final WeakReference<Object> receiver;
    private final Method method;
    private final boolean itemsAsList;
    private final boolean resultsAsList;
    private final Class<?> itemType;
    private final boolean isStatic;

    ViaBatchFunction(Object receiver, Method method, BatchForm form) {
        this.receiver = new WeakReference<>(form.isStatic() ? null : receiver);
        this.method = method;
        this.isStatic = form.isStatic();
        this.itemsAsList = form.itemsAsList();
        this.resultsAsList = form.resultsAsList();
        this.itemType = itemsAsList ? null : method.getParameterTypes()[0].getComponentType();
    }

    @Override
    public List<Object> apply(List<Object[]> calls) throws Throwable {
        Object target = receiver.get();
        if (target == null && !isStatic) {
            throw new IllegalStateException("the receiver of " + method.getName() + " was collected");
        }
        Object items = itemsAsList ? listOf(calls) : arrayOf(calls);
        Object result;
        try {
            result = method.invoke(target, items);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return split(result);
    }

    private List<Object> listOf(List<Object[]> calls) {
        List<Object> items = new ArrayList<>(calls.size());
        for (Object[] args : calls) {
            items.add(args[0]);
        }
        return items;
    }

    private Object arrayOf(List<Object[]> calls) {
        int n = calls.size();
        if (!itemType.isPrimitive()) {
            Object[] items = (Object[]) Array.newInstance(itemType, n);
            for (int i = 0; i < n; i++) {
                items[i] = calls.get(i)[0];
            }
            return items;
        }
        Object items = Array.newInstance(itemType, n);
        for (int i = 0; i < n; i++) {
            Array.set(items, i, calls.get(i)[0]);
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private List<Object> split(Object result) {
        if (result == null) {
            return null;
        }
        if (resultsAsList) {
            return (List<Object>) result;
        }
        if (result instanceof Object[]) {
            return Arrays.asList((Object[]) result);
        }
        int n = Array.getLength(result);
        List<Object> boxed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boxed.add(Array.get(result, i));
        }
        return Collections.unmodifiableList(boxed);
    }
}
