package dev.perfagent.agent.layer.breaker;

import dev.perfagent.CallNotPermittedException;
import dev.perfagent.agent.layer.LayerTarget;
import dev.perfagent.agent.layer.LayeredCall;
import dev.perfagent.agent.log.AgentLog;
import dev.perfagent.bootstrap.Outcome;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code fallback: pkg.Fallbacks#name}: a static method that takes the protected method's parameters and
 * then a {@code Throwable} (or {@code RuntimeException}, {@code CallRejectedException},
 * {@code CallNotPermittedException}), and returns something the protected method could return. What it
 * returns, the caller gets; what it throws, the caller gets.
 *
 * <p>Resolved on first use, in the woven class's loader (the site is created while classes are being
 * transformed, where loading more is unsafe, and a fallback that is never needed costs nothing), and
 * checked: static, the right name, parameters that accept the method's arguments and the refusal, a
 * compatible return type, exactly one such method, reachable. If that fails, the reason is logged once with
 * where the fallback was written, and refused calls throw the {@code CallNotPermittedException}.
 */
final class MethodFallback implements Fallback {
    private static final Object UNRESOLVABLE = new Object();
    private static final Object[] NO_ARGS = new Object[0];

    private final FallbackSpec spec;
    private final LayerTarget target;
    private final AgentLog log;
    /** The method, {@link #UNRESOLVABLE}, or null until first use. */
    private volatile Object method;

    MethodFallback(FallbackSpec spec, LayerTarget target, AgentLog log) {
        this.spec = spec;
        this.target = target;
        this.log = log;
    }

    @Override
    public Outcome refused(LayeredCall call, CallNotPermittedException refusal) {
        Object resolved = method;
        if (resolved == null) {
            resolved = resolve();
        }
        if (resolved == UNRESOLVABLE) {
            return Outcome.throwing(refusal);
        }
        Object[] args = call.args() == null ? NO_ARGS : call.args();
        Object[] withRefusal = Arrays.copyOf(args, args.length + 1);
        withRefusal[args.length] = refusal;
        try {
            Object value = ((Method) resolved).invoke(null, withRefusal);
            return Outcome.returning(target.returnType().equals("void") ? null : value);
        } catch (InvocationTargetException e) {
            return Outcome.throwing(e.getCause() != null ? e.getCause() : e);
        } catch (IllegalAccessException | IllegalArgumentException e) {
            // Checked when resolved; only a receiver-less call with mismatched arguments could land here.
            log.rateLimited(AgentLog.Level.ERROR, "breaker-fallback:" + spec.where(), spec.where()
                    + ": cannot call fallback method " + spec.text() + " (" + e + ")");
            return Outcome.throwing(refusal);
        }
    }

    private synchronized Object resolve() {
        if (method == null) {
            try {
                method = find();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                log.error(spec.where() + ": fallback method " + spec.text() + " for " + target.method()
                        + " cannot be used: " + describe(e) + "; calls the breaker refuses throw "
                        + "dev.perfagent.CallNotPermittedException");
                method = UNRESOLVABLE;
            }
        }
        return method;
    }

    private Method find() throws ReflectiveOperationException {
        ClassLoader loader = target.classLoader();
        Class<?> owner = Class.forName(spec.methodClass(), true, loader);
        List<String> parameterNames = target.parameterTypes();
        Class<?>[] parameters = new Class<?>[parameterNames.size()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = TypeResolver.load(parameterNames.get(i), loader);
        }
        Class<?> returnType = TypeResolver.load(target.returnType(), loader);
        List<Method> matches = new ArrayList<>();
        for (Method candidate : owner.getDeclaredMethods()) {
            if (candidate.getName().equals(spec.methodName()) && fits(candidate, parameters, returnType)) {
                matches.add(candidate);
            }
        }
        if (matches.size() != 1) {
            throw new NoSuchMethodException((matches.isEmpty() ? "no method " : "more than one method ")
                    + expected(owner, parameterNames) + (matches.isEmpty() ? "" : ": " + matches));
        }
        Method found = matches.get(0);
        boolean reachable = Modifier.isPublic(found.getModifiers()) && Modifier.isPublic(owner.getModifiers());
        if (!reachable && !found.trySetAccessible()) {
            throw new IllegalAccessException(found + " is not public and cannot be made accessible");
        }
        return found;
    }

    private static boolean fits(Method candidate, Class<?>[] parameters, Class<?> returnType) {
        if (!Modifier.isStatic(candidate.getModifiers()) || candidate.getParameterCount() != parameters.length + 1) {
            return false;
        }
        Class<?>[] accepted = candidate.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            // An int argument arrives boxed; a parameter of int, Integer, Number or Object takes it.
            boolean fits = accepted[i] == parameters[i] || accepted[i].isAssignableFrom(TypeResolver.boxed(parameters[i]));
            if (!fits) {
                return false;
            }
        }
        if (!accepted[parameters.length].isAssignableFrom(CallNotPermittedException.class)) {
            return false;
        }
        Class<?> returned = candidate.getReturnType();
        if (returnType == void.class) {
            return true;
        }
        if (returnType.isPrimitive()) {
            return returned == returnType;
        }
        return returned != void.class && returnType.isAssignableFrom(TypeResolver.boxed(returned));
    }

    private String expected(Class<?> owner, List<String> parameterNames) {
        List<String> all = new ArrayList<>(parameterNames);
        all.add("Throwable");
        return "static " + target.returnType() + " " + owner.getName() + "#" + spec.methodName() + "("
                + String.join(", ", all) + ")";
    }

    private static String describe(Throwable e) {
        if (e instanceof ClassNotFoundException) {
            return "class not found: " + e.getMessage();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
