package dev.perfagent.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * Defines the bootstrap classes ({@code dev.perfagent.bootstrap.*}) directly in the bootstrap class
 * loader. Appending a jar to the bootstrap class path instead makes HotSpot turn class-data sharing off
 * for every class outside the boot loader (it prints "Sharing is only supported for boot loader classes
 * because bootstrap classpath has been appended"), which slows the host's start and disables its
 * AppCDS archive; defining the few classes leaves CDS as it was.
 *
 * <p>How: {@link Instrumentation#redefineModule} opens {@code java.lang} to this class's module only
 * (the agent's own loader, never the host's), then the JDK's own {@code ClassLoader.defineClass1},
 * the primitive behind {@code Proxy} for boot-loader proxies, defines each class with a null loader.
 * No {@code sun.misc.Unsafe}, so no deprecation warnings on recent JDKs.
 */
public final class BootstrapInjector {
    private BootstrapInjector() {
    }

    /**
     * Called reflectively by the launcher.
     *
     * @param bootstrapJar the nested bootstrap jar's bytes
     * @return null when the classes are defined, else why not (the launcher then appends the jar)
     */
    public static String inject(Instrumentation inst, InputStream bootstrapJar) throws IOException {
        Method define;
        try {
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.lang", Set.of(BootstrapInjector.class.getModule())), Set.of(), Map.of());
            define = ClassLoader.class.getDeclaredMethod("defineClass1", ClassLoader.class, String.class,
                    byte[].class, int.class, int.class, ProtectionDomain.class, String.class);
            define.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "cannot define classes in the bootstrap loader on this JVM (" + e + ")";
        }
        // Sorted by name: an interface comes before its anonymous implementations ($1), so each
        // supertype is defined before a class that needs it.
        Map<String, byte[]> classes = new TreeMap<>();
        try (JarInputStream jar = new JarInputStream(bootstrapJar)) {
            for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), jar.readAllBytes());
                }
            }
        }
        // A class whose supertype sorts after it (CallNotPermittedException extends CallRejectedException)
        // fails with NoClassDefFoundError, which defines nothing: it is tried again once the others are in.
        List<String> pending = new ArrayList<>(classes.keySet());
        while (!pending.isEmpty()) {
            List<String> deferred = new ArrayList<>();
            Throwable lastMissing = null;
            for (String name : pending) {
                byte[] bytes = classes.get(name);
                try {
                    define.invoke(null, null, name, bytes, 0, bytes.length, null, "perf-agent");
                } catch (InvocationTargetException e) {
                    if (!(e.getCause() instanceof NoClassDefFoundError)) {
                        return "defining the bootstrap classes failed (" + e.getCause() + ")";
                    }
                    deferred.add(name);
                    lastMissing = e.getCause();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return "defining the bootstrap classes failed (" + e + ")";
                }
            }
            if (deferred.size() == pending.size()) {
                return "defining the bootstrap classes failed (" + lastMissing + ")";
            }
            pending = deferred;
        }
        return null;
    }
}
