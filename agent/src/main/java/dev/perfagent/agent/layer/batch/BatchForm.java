package dev.perfagent.agent.layer.batch;

import dev.perfagent.instrumentation.pattern.MethodPattern;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * The batch form of a batched method, found and checked when the class is woven: the method {@code via}
 * names, declared on the woven class or a superclass, whose one parameter takes the items as an array of
 * the original parameter type or as a {@code List}, and whose result is an array or {@code List} with one
 * element per item. At the first call it is resolved to a {@link Method} in the woven class's loader.
 */
public final class BatchForm {
    /** How the items reach the batch form, and how its result comes back. */
    enum Container { ARRAY, LIST }

    private static final List<String> LIST_TYPES = List.of("java.util.List", "java.util.Collection",
            "java.lang.Iterable");

    private final String owner;
    private final String name;
    private final String descriptor;
    private final Container items;
    private final Container results;
    private final boolean isStatic;
    private final WeakReference<ClassLoader> loader;
    private volatile Method resolved;

    private BatchForm(String owner, String name, String descriptor, Container items, Container results,
                      boolean isStatic, ClassLoader loader) {
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
        this.items = items;
        this.results = results;
        this.isStatic = isStatic;
        this.loader = new WeakReference<>(loader);
    }

    /**
     * Finds and checks the batch form of {@code original}, declared on {@code type}.
     *
     * @throws BatchFormException saying what does not fit
     */
    public static BatchForm find(TypeDescription type, MethodDescription original, MethodPattern via,
                                 ClassLoader loader) throws BatchFormException {
        if (original.isConstructor()) {
            throw new BatchFormException("a constructor cannot be batched");
        }
        if (original.getReturnType().represents(void.class)) {
            throw new BatchFormException(original.getName() + " returns nothing, so there is no result to give each caller");
        }
        if (original.getParameters().size() != 1) {
            throw new BatchFormException("only a method with exactly one parameter (the item) can be batched through "
                    + "'via'; " + original.getName() + " has " + original.getParameters().size());
        }
        MethodDescription form = lookUp(type, via);
        TypeDescription item = original.getParameters().get(0).getType().asErasure();
        TypeDescription result = original.getReturnType().asErasure();
        if (form.getParameters().size() != 1) {
            throw new BatchFormException(describe(form) + " must take exactly one parameter, the items");
        }
        TypeDescription itemsType = form.getParameters().get(0).getType().asErasure();
        Container items;
        if (itemsType.isArray() && itemsType.getComponentType().equals(item)) {
            items = Container.ARRAY;
        } else if (LIST_TYPES.contains(itemsType.getName())) {
            items = Container.LIST;
        } else {
            throw new BatchFormException("the parameter of " + describe(form) + " must be " + item.getActualName()
                    + "[] or java.util.List, to take the items of " + original.getName() + "(" + item.getActualName() + ")");
        }
        TypeDescription resultsType = form.getReturnType().asErasure();
        Container results;
        if (resultsType.isArray() && (resultsType.getComponentType().equals(result)
                || !result.isPrimitive() && result.isAssignableFrom(resultsType.getComponentType()))) {
            results = Container.ARRAY;
        } else if (resultsType.getName().equals("java.util.List")) {
            results = Container.LIST;
        } else {
            throw new BatchFormException(describe(form) + " must return " + result.getActualName()
                    + "[] or java.util.List, one result of " + original.getName() + " per item");
        }
        if (original.isStatic() && !form.isStatic()) {
            throw new BatchFormException(original.getName() + " is static, so " + describe(form)
                    + " must be static too (there is no receiver to call it on)");
        }
        return new BatchForm(form.getDeclaringType().asErasure().getName(), form.getName(), form.getDescriptor(),
                items, results, form.isStatic(), loader);
    }

    private static MethodDescription lookUp(TypeDescription type, MethodPattern via) throws BatchFormException {
        List<MethodDescription> found = new ArrayList<>();
        boolean classMatched = false;
        for (TypeDefinition t = type; t != null; t = t.getSuperClass()) {
            TypeDescription current = t.asErasure();
            classMatched |= via.matchesType(current.getName());
            for (MethodDescription.InDefinedShape m : current.getDeclaredMethods()) {
                boolean visible = current.equals(type) || !m.isPrivate();
                if (visible && !m.isAbstract() && !m.isBridge() && !m.isConstructor() && !m.isTypeInitializer()
                        && via.matchesMethod(m.getName(), parameterNames(m))
                        && found.stream().noneMatch(f -> f.asSignatureToken().equals(m.asSignatureToken()))) {
                    found.add(m);
                }
            }
        }
        if (!classMatched) {
            throw new BatchFormException("'" + via + "' names another class: the batch form must be declared on "
                    + type.getName() + " or a superclass, to run on the same receiver");
        }
        if (found.isEmpty()) {
            throw new BatchFormException("no method matching '" + via + "' in " + type.getName() + " or its superclasses");
        }
        if (found.size() > 1) {
            List<String> names = new ArrayList<>();
            found.forEach(m -> names.add(describe(m)));
            throw new BatchFormException("'" + via + "' matches " + found.size() + " methods (" + String.join(", ", names)
                    + "); give the parameter types");
        }
        return found.get(0);
    }

    private static List<String> parameterNames(MethodDescription m) {
        List<String> names = new ArrayList<>();
        for (TypeDescription t : m.getParameters().asTypeList().asErasures()) {
            names.add(t.getActualName());
        }
        return names;
    }

    private static String describe(MethodDescription m) {
        return m.getDeclaringType().asErasure().getSimpleName() + "#" + m.getName() + "("
                + String.join(", ", parameterNames(m)) + ")";
    }

    /** This form as the adapter the batch layer runs. */
    public BatchAdapter adapter() {
        return new ViaAdapter(this);
    }

    /** {@code Owner#name(params)} of the batch form, for messages and /status. */
    public String signature() {
        return owner + "#" + name + descriptor;
    }

    boolean itemsAsList() {
        return items == Container.LIST;
    }

    boolean resultsAsList() {
        return results == Container.LIST;
    }

    boolean isStatic() {
        return isStatic;
    }

    /**
     * The batch form as a reflective method, made accessible; resolved once.
     *
     * @param receiverClass the receiver's class (null for a static method): searched first, so the lookup
     *                      needs no class loader
     */
    Method resolve(Class<?> receiverClass) throws ReflectiveOperationException {
        Method method = resolved;
        if (method == null) {
            method = lookUpAtRunTime(receiverClass);
            method.setAccessible(true);
            resolved = method;
        }
        return method;
    }

    private Method lookUpAtRunTime(Class<?> receiverClass) throws ReflectiveOperationException {
        Class<?> start = receiverClass;
        if (start == null) {
            start = Class.forName(owner, false, loader.get());
        }
        for (Class<?> c = start; c != null; c = c.getSuperclass()) {
            if (!c.getName().equals(owner)) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name)
                        && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString()
                                .equals(descriptor)) {
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(signature() + " (not found on " + Objects.toString(start) + ")");
    }
}
