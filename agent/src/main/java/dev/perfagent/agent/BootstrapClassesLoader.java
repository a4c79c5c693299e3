package dev.perfagent.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

/**
 * The command line's home for the bootstrap classes ({@code dev.perfagent.CallRejectedException},
 * {@code dev.perfagent.bootstrap.Outcome}, ...): in a host JVM they are defined in the boot loader, but the
 * CLI runs layers too ({@code simulate}), so it defines them from the nested bootstrap jar in a loader of
 * their own, the parent of the agent's loader. Part of the launcher: JDK only.
 */
final class BootstrapClassesLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes = new HashMap<>();

    /** @param bootstrapJar the nested bootstrap jar's bytes; read here and closed by the caller */
    BootstrapClassesLoader(InputStream bootstrapJar, ClassLoader parent) throws IOException {
        super("perf-agent-bootstrap", parent);
        try (JarInputStream jar = new JarInputStream(bootstrapJar)) {
            for (JarEntry entry; (entry = jar.getNextJarEntry()) != null; ) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), AgentClassLoader.readAll(jar));
                }
            }
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
