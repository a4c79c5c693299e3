package dev.perfagent.instrumentation.pattern;

import java.util.List;
import java.util.function.Function;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Selects methods by name: {@code package.Class#method(params)}.
 *
 * <ul>
 *   <li>Class part: a {@link ClassPattern}: {@code *} within one name segment (it matches
 *       {@code '$'} too), {@code ..} for any number of package segments, {@code Outer$Inner} for
 *       nested classes.</li>
 *   <li>Method part: a name glob with {@code *}, or {@code <init>} for constructors. Constructors
 *       are only matched by {@code <init>}; {@code <clinit>} is never matched.</li>
 *   <li>Parameters: omitted or {@code (..)} for any list, {@code ()} for none, or a comma-separated
 *       list of Java source type names ({@code int}, {@code float[][]}, {@code String},
 *       {@code java.util.Map}, {@code Map$Entry}, {@code String...}) in which {@code ..} stands for
 *       any number of parameters and {@code *} for one parameter of any type. A name without a dot
 *       matches the simple name, a name with dots the fully qualified one; {@code *} globs work in
 *       both.</li>
 * </ul>
 *
 * <p>Matching works on Byte Buddy descriptions and on plain strings (for validating config without
 * loading classes). Everything is compiled at parse time; matching allocates nothing beyond what
 * Byte Buddy's descriptions do. Instances are immutable and thread-safe; equality is by text.
 */
public final class MethodPattern {

    /** The method part that selects constructors. */
    public static final String CONSTRUCTOR = "<init>";

    private static final Function<ParameterDescription, String> PARAMETER_TYPE_NAME =
            parameter -> parameter.getType().asErasure().getActualName();

    private final String text;
    private final ClassPattern type;
    /** Name glob; null when the pattern selects constructors. */
    private final String methodGlob;
    /** Parameter elements; null when any list matches. */
    private final ParamPattern[] params;
    /** Parameters a method needs at least: the elements other than {@code ..}. */
    private final int minParams;
    /** Some element is {@code ..}, so a method may have more than {@link #minParams}. */
    private final boolean openEnded;

    MethodPattern(String text, ClassPattern type, String methodGlob, ParamPattern[] params) {
        this.text = text;
        this.type = type;
        this.methodGlob = methodGlob;
        int fixed = 0;
        boolean open = params == null;
        if (params != null) {
            for (ParamPattern param : params) {
                if (param.isAnyList()) {
                    open = true;
                } else {
                    fixed++;
                }
            }
        }
        this.params = params == null || (fixed == 0 && open) ? null : params;
        this.minParams = fixed;
        this.openEnded = open;
    }

    /**
     * Parses {@code package.Class#method(params)}.
     *
     * @throws MethodPatternException saying what was expected and where
     */
    public static MethodPattern parse(String text) {
        return new MethodPatternParser(text).parse();
    }

    /** The class part. */
    public ClassPattern classPattern() {
        return type;
    }

    /** Whether the method part is {@code <init>}, i.e. this pattern selects constructors only. */
    public boolean selectsConstructors() {
        return methodGlob == null;
    }

    /** Whether the class part matches a binary class name ({@code '$'} for nested classes). */
    public boolean matchesType(String binaryClassName) {
        return type.matches(binaryClassName);
    }

    /**
     * Whether the method part and the parameters match, the class part aside.
     *
     * @param methodName     the method's name; {@code <init>} for constructors
     * @param paramTypeNames parameter types in source form, as Byte Buddy's
     *                       {@code TypeDescription.getActualName()} writes them: {@code int},
     *                       {@code float[]}, {@code java.lang.String}, {@code java.util.Map$Entry}
     */
    public boolean matchesMethod(String methodName, List<String> paramTypeNames) {
        return matchesName(methodName) && paramsMatch(paramTypeNames, Function.identity());
    }

    /**
     * Whether this pattern selects the method: its declaring type, name and parameter types match,
     * and it is a method we may weave. Type initializers, abstract, native, bridge and synthetic
     * methods never match; constructors only when the pattern names {@code <init>}.
     */
    public boolean matches(MethodDescription method) {
        if (method.isTypeInitializer() || method.isAbstract() || method.isNative()
                || method.isBridge() || method.isSynthetic()) {
            return false;
        }
        if (method.isConstructor() != selectsConstructors()) {
            return false;
        }
        return (methodGlob == null || Glob.matches(methodGlob, method.getInternalName()))
                && paramsMatch(method.getParameters(), PARAMETER_TYPE_NAME)
                && type.matches(method.getDeclaringType().asErasure().getName());
    }

    /** A Byte Buddy matcher for the types whose name the class part matches. */
    public ElementMatcher.Junction<TypeDescription> typeMatcher() {
        // AbstractBase rather than ForNonNullValues: the latter's equals() compares classes only.
        return new ElementMatcher.Junction.AbstractBase<>() {
            @Override
            public boolean matches(TypeDescription target) {
                return target != null && !target.isArray() && !target.isPrimitive() && type.matches(target.getName());
            }

            @Override
            public String toString() {
                return "type(" + type + ")";
            }
        };
    }

    /** A Byte Buddy matcher equivalent to {@link #matches(MethodDescription)}. */
    public ElementMatcher.Junction<MethodDescription> methodMatcher() {
        return new ElementMatcher.Junction.AbstractBase<>() {
            @Override
            public boolean matches(MethodDescription target) {
                return target != null && MethodPattern.this.matches(target);
            }

            @Override
            public String toString() {
                return "method(" + text + ")";
            }
        };
    }

    private boolean matchesName(String methodName) {
        if (methodGlob == null) {
            return methodName.equals(CONSTRUCTOR);
        }
        // '*' must never reach <init> or <clinit>: no Java method name starts with '<'.
        return !methodName.startsWith("<") && Glob.matches(methodGlob, methodName);
    }

    private <T> boolean paramsMatch(List<? extends T> actual, Function<? super T, String> typeName) {
        int count = actual.size();
        if (count < minParams || (!openEnded && count != minParams)) {
            return false;
        }
        if (params == null) {
            return true;
        }
        if (!openEnded) {
            for (int i = 0; i < count; i++) {
                if (!params[i].matches(typeName.apply(actual.get(i)))) {
                    return false;
                }
            }
            return true;
        }
        return paramsMatchFrom(0, actual, 0, typeName);
    }

    /** Backtracks over {@code ..}: patterns are short, so the search stays tiny. */
    private <T> boolean paramsMatchFrom(int p, List<? extends T> actual, int a, Function<? super T, String> typeName) {
        if (p == params.length) {
            return a == actual.size();
        }
        ParamPattern param = params[p];
        if (param.isAnyList()) {
            for (int next = a; next <= actual.size(); next++) {
                if (paramsMatchFrom(p + 1, actual, next, typeName)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size()
                && param.matches(typeName.apply(actual.get(a)))
                && paramsMatchFrom(p + 1, actual, a + 1, typeName);
    }

    /** The text this pattern was parsed from. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MethodPattern that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
