package dev.perfagent.agent.layer;

import java.lang.ref.WeakReference;
import java.util.List;

/**
 * What a layer may know about the method it is stacked on, taken when the method is woven. The class
 * loader is held weakly, so a site does not keep an application's loader alive.
 *
 * @param rule           the rule that selected the method
 * @param method         the method in pattern notation, {@code pkg.Class#name(type, type)}
 * @param declaringClass the binary name of the class declaring the method
 * @param returnType     the return type's source name ({@code void}, {@code int}, {@code java.lang.String[]})
 * @param parameterTypes the parameter types' source names
 * @param isStatic       whether the method is static
 * @param loader         the defining loader of the woven class (null: the boot loader)
 */
public record LayerTarget(String rule, String method, String declaringClass, String returnType,
                          List<String> parameterTypes, boolean isStatic, WeakReference<ClassLoader> loader) {

    /** Copies the list. */
    public LayerTarget {
        parameterTypes = List.copyOf(parameterTypes);
    }

    /** A target with no class loader, for tests. */
    public static LayerTarget of(String rule, String method, String returnType, List<String> parameterTypes) {
        String owner = method.substring(0, Math.max(0, method.indexOf('#')));
        return new LayerTarget(rule, method, owner, returnType, parameterTypes, false, new WeakReference<>(null));
    }

    /** The woven class's loader, or null if it is the boot loader or was collected. */
    public ClassLoader classLoader() {
        return loader.get();
    }
}
