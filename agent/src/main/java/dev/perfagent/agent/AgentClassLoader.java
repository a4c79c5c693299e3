package dev.perfagent.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads perf-agent's own classes and its relocated libraries from the {@code perfagent/} folder of
 * perf-agent.jar, where they are stored as {@code .classdata} so that the host's class loaders (which
 * see the jar on the system class path) can neither load nor scan them.
 *
 * <p>Part of the launcher: visible to the system class loader, so it uses the JDK only. Parent-first
 * delegation to the platform loader (agent mode) or the system loader (CLI mode).
 */
public final class AgentClassLoader extends ClassLoader implements AutoCloseable {
    static {
        registerAsParallelCapable();
    }

    /** Folder inside perf-agent.jar that holds the hidden classes and resources. */
    static final String PREFIX = "perfagent/";

    private final JarFile jar;
    private final URL jarUrl;
    private final ProtectionDomain domain;
    private final String version;

    AgentClassLoader(Path jarPath, ClassLoader parent) throws IOException {
        super("perf-agent", parent);
        this.jar = new JarFile(jarPath.toFile(), false);
        this.jarUrl = jarPath.toUri().toURL();
        this.domain = new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), null, this, null);
        this.version = jar.getManifest() == null ? null
                : jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = readAll(in);
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": cannot read from " + jarUrl, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, domain);
    }

    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String pkg = className.substring(0, dot);
        if (getDefinedPackage(pkg) == null) {
            try {
                definePackage(pkg, null, null, null, "perf-agent", version, null, null);
            } catch (IllegalArgumentException raced) {
                // Another thread defined it first: fine.
            }
        }
    }

    private String entryName(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        if (name.endsWith(".class")) {
            name = name.substring(0, name.length() - ".class".length()) + ".classdata";
        }
        return PREFIX + name;
    }

    @Override
    protected URL findResource(String name) {
        JarEntry entry = jar.getJarEntry(entryName(name));
        if (entry == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + entry.getName());
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        List<URL> urls = new ArrayList<>(1);
        if (url != null) {
            urls.add(url);
        }
        return Collections.enumeration(urls);
    }

    /**
     * Reads straight from the jar instead of through a {@code jar:} URL, whose JDK-wide cache would
     * keep the file open after detach. Byte Buddy reads advice class files through this.
     */
    @Override
    public InputStream getResourceAsStream(String name) {
        InputStream fromParent = getParent() == null ? null : getParent().getResourceAsStream(name);
        if (fromParent != null) {
            return fromParent;
        }
        JarEntry entry = jar.getJarEntry(entryName(name));
        if (entry == null) {
            return null;
        }
        try {
            return jar.getInputStream(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a hidden resource (e.g. the nested bootstrap jar) from perf-agent.jar. */
    InputStream openHidden(String name) throws IOException {
        JarEntry entry = jar.getJarEntry(PREFIX + name);
        if (entry == null) {
            throw new IOException(PREFIX + name + " missing from " + jarUrl);
        }
        return jar.getInputStream(entry);
    }

    @Override
    public void close() throws IOException {
        jar.close();
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, in.available()));
        in.transferTo(out);
        return out.toByteArray();
    }
}
