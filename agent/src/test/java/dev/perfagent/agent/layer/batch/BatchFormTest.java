package dev.perfagent.agent.layer.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

class BatchFormTest {

    static class Base {
        float[][] scoreBatch(float[][] batch) {
            float[][] out = new float[batch.length][];
            for (int i = 0; i < batch.length; i++) {
                out[i] = new float[] {batch[i][0] * 2};
            }
            return out;
        }
    }

    static class Model extends Base {
        float[] score(float[] x) {
            return new float[] {x[0] * 2};
        }

        int parity(int x) {
            return x % 2;
        }

        int[] parities(int[] xs) throws IOException {
            if (xs.length > 0 && xs[0] < 0) {
                throw new IOException("negative");
            }
            int[] out = new int[xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[i] = xs[i] % 2;
            }
            return out;
        }

        String name(Integer id) {
            return "#" + id;
        }

        List<String> names(List<Integer> ids) {
            List<String> out = new ArrayList<>();
            ids.forEach(id -> out.add("#" + id));
            return out;
        }

        String[] namesAsArray(Integer[] ids) {
            return new String[] {"only one"};
        }

        void log(String line) {
        }

        String pair(String a, String b) {
            return a + b;
        }

        static String tag(String x) {
            return x;
        }
    }

    private static final TypeDescription MODEL = TypeDescription.ForLoadedType.of(Model.class);

    private static MethodDescription method(String name) {
        return MODEL.getDeclaredMethods().filter(net.bytebuddy.matcher.ElementMatchers.named(name)).getOnly();
    }

    private static BatchForm find(String original, String via) throws BatchFormException {
        return BatchForm.find(MODEL, method(original), MethodPattern.parse(via), Model.class.getClassLoader());
    }

    private static String problem(String original, String via) {
        return assertThrows(BatchFormException.class, () -> find(original, via)).getMessage();
    }

    private static List<Object[]> calls(Object... items) {
        List<Object[]> calls = new ArrayList<>();
        for (Object item : items) {
            calls.add(new Object[] {item});
        }
        return calls;
    }

    @Test
    void arrayFormInheritedFromASuperclassMergesAndSplits() throws Throwable {
        String type = Model.class.getName();
        BatchForm form = find("score", type + "#scoreBatch(float[][])");
        assertTrue(form.signature().contains("BatchFormTest$Base#scoreBatch"), form.signature());
        Model model = new Model();
        List<Object> results = new ViaBatchFunction(model, form.resolve(Model.class), form)
                .apply(calls(new float[] {1}, new float[] {5}));
        assertArrayEquals(new float[] {2}, (float[]) results.get(0));
        assertArrayEquals(new float[] {10}, (float[]) results.get(1));
    }

    @Test
    void primitiveItemsAndResultsAreBoxedPerCall() throws Throwable {
        BatchForm form = find("parity", Model.class.getName() + "#parities(int[])");
        List<Object> results = new ViaBatchFunction(new Model(), form.resolve(Model.class), form).apply(calls(3, 4, 7));
        assertEquals(List.of(1, 0, 1), results);
    }

    @Test
    void theBatchFormsOwnExceptionComesOutUnwrapped() throws Throwable {
        BatchForm form = find("parity", Model.class.getName() + "#parities(int[])");
        ViaBatchFunction function = new ViaBatchFunction(new Model(), form.resolve(Model.class), form);
        IOException e = assertThrows(IOException.class, () -> function.apply(calls(-1, 2)));
        assertEquals("negative", e.getMessage());
    }

    @Test
    void listForm() throws Throwable {
        BatchForm form = find("name", Model.class.getName() + "#names(java.util.List)");
        assertEquals(List.of("#1", "#2"), new ViaBatchFunction(new Model(), form.resolve(Model.class), form)
                .apply(calls(1, 2)));
    }

    @Test
    void aResultOfTheWrongLengthIsReturnedAsItIsForTheBatcherToCatch() throws Throwable {
        BatchForm form = find("name", Model.class.getName() + "#namesAsArray(java.lang.Integer[])");
        assertEquals(1, new ViaBatchFunction(new Model(), form.resolve(Model.class), form).apply(calls(1, 2)).size());
    }

    @Test
    void mismatchesSayWhatDoesNotFit() {
        String type = Model.class.getName();
        assertEquals("no method matching '" + type + "#scoreMany(float[][])' in " + type + " or its superclasses",
                problem("score", type + "#scoreMany(float[][])"));
        assertEquals("'java.util.Other#scoreBatch(float[][])' names another class: the batch form must be declared on "
                + type + " or a superclass, to run on the same receiver", problem("score", "java.util.Other#scoreBatch(float[][])"));
        assertEquals("the parameter of Model#parities(int[]) must be float[][] or java.util.List, to take "
                + "the items of score(float[])", problem("score", type + "#parities(int[])"));
        assertEquals("log returns nothing, so there is no result to give each caller", problem("log", type + "#names(..)"));
        assertEquals("only a method with exactly one parameter (the item) can be batched through 'via'; pair has 2",
                problem("pair", type + "#names(..)"));
    }

    @Test
    void aStaticMethodNeedsAStaticBatchForm() {
        String type = Model.class.getName();
        assertEquals("tag is static, so Model#names(java.util.List) must be static too (there is no receiver"
                + " to call it on)", problem("tag", type + "#names(java.util.List)"));
    }
}
