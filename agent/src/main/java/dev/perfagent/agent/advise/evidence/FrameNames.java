package dev.perfagent.agent.advise.evidence;

import java.util.List;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;

/**
 * Frame names as the evidence keys them: {@code java.util.HashMap#get}, from JFR frames, from async-profiler's
 * collapsed frames ({@code java/util/HashMap.get_[j]}) and from the frames its JFR parser gives
 * ({@code java/util/HashMap} and {@code get}); and which frames are the JDK's own (or the agent's,
 * {@link AgentFrames}), so a finding can name the application's call site rather than {@code Unsafe#park}.
 *
 * <p>A native frame async-profiler could not resolve to a symbol is written as its library's path
 * ({@code /usr/lib/x86_64-linux-gnu/libc.so.6}); it is named by the library's file name ({@code libc.so.6}),
 * never read as a Java class and method.
 */
public final class FrameNames {
    private static final List<String> JDK_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");
    /** A shared library's file name: {@code libjvm.so}, {@code libc.so.6}, {@code libcuda.so.580.159.04}. */
    private static final Pattern LIBRARY = Pattern.compile(".+\\.so(\\.[0-9]+)*");

    private FrameNames() {
    }

    /** {@code class#method} of a JFR frame. */
    static String of(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        if (method == null) {
            return "<unknown>";
        }
        return method.getType().getName() + "#" + method.getName();
    }

    /**
     * {@code class#method} of a Java frame given by its class's JVM name ({@code java/util/HashMap},
     * as async-profiler's JFR parser gives it) and its method name: the same name {@link #of(RecordedFrame)}
     * gives the frame in a JDK recording. The method name alone when the class has no name.
     */
    static String of(String jvmClassName, String method) {
        return jvmClassName == null || jvmClassName.isEmpty() ? method : dotted(jvmClassName) + "#" + method;
    }

    /**
     * A class's JVM name ({@code java/lang/String}, {@code [B}, {@code [Ljava/lang/String;}) spelt the way
     * {@code RecordedClass#getName} spells it: with dots ({@code java.lang.String}, {@code [B},
     * {@code [Ljava.lang.String;}).
     */
    static String dotted(String jvmClassName) {
        return jvmClassName.replace('/', '.');
    }

    /**
     * {@code class#method} of one frame of an async-profiler collapsed stack: slashes become dots,
     * the frame-type suffix ({@code _[j]}, {@code _[i]}, {@code _[k]}, ...) goes; a native frame
     * without a class stays as it is, and a library's path is named by the library ({@link #ofNative}).
     */
    public static String ofCollapsed(String frame) {
        String name = stripSuffix(frame);
        if (isLibraryPath(name) || isNativeLibrary(name)) {
            return ofNative(name); // native code without a symbol: libc.so.6 is no class libc.so with a method 6
        }
        int paren = name.indexOf('(');
        if (paren > 0) {
            name = name.substring(0, paren);
        }
        if (name.indexOf('/') < 0 && !name.contains(".")) {
            return name;
        }
        name = name.replace('/', '.');
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return name;
        }
        return name.substring(0, dot) + "#" + name.substring(dot + 1);
    }

    /**
     * A native frame's name: the library's file name where async-profiler wrote the library's path for want
     * of a symbol ({@code /tmp/jre/lib/server/libjvm.so} is {@code libjvm.so}), else the symbol as it is.
     */
    public static String ofNative(String symbol) {
        return isLibraryPath(symbol) ? symbol.substring(symbol.lastIndexOf('/') + 1) : symbol;
    }

    /**
     * Whether a frame is a file's path: absolute (no Java frame starts with a slash), or a path to a shared
     * library ({@code .so}, {@code .so.6}, {@code .so.580.159.04}), which a Java frame never ends in.
     */
    private static boolean isLibraryPath(String name) {
        return name.startsWith("/") || name.indexOf('/') > 0 && LIBRARY.matcher(name).matches();
    }

    /** Whether a frame (as named here) is native code in a shared library: {@code libjvm.so}, {@code libc.so.6}. */
    public static boolean isNativeLibrary(String frame) {
        return frame.indexOf('#') < 0 && frame.indexOf('/') < 0 && LIBRARY.matcher(frame).matches();
    }

    /** The frame without async-profiler's frame-type suffix, e.g. {@code java.lang.Integer_[i]}. */
    public static String stripSuffix(String frame) {
        int suffix = frame.lastIndexOf("_[");
        return suffix > 0 && frame.endsWith("]") ? frame.substring(0, suffix) : frame;
    }

    /** Whether the frame's class belongs to the JDK, not to the application. */
    public static boolean isJdk(String frame) {
        for (String prefix : JDK_PREFIXES) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code frame} is a Java method ({@code class#method}), not a native or JVM-internal frame. */
    public static boolean isJavaMethod(String frame) {
        return frame.indexOf('#') > 0;
    }

    /** Whether {@code frame} is a Java method of the application: neither the JDK's nor the agent's, nor native. */
    public static boolean isApplicationMethod(String frame) {
        return isJavaMethod(frame) && !isJdk(frame) && !AgentFrames.isAgent(frame);
    }

    /** The class part of {@code class#method}. */
    public static String className(String frame) {
        int hash = frame.indexOf('#');
        return hash < 0 ? frame : frame.substring(0, hash);
    }

    /**
     * The application's frame nearest the top of a stack (leaf first): where its code asked for
     * the lock, the bytes or the socket. The JDK's and the agent's frames are passed over, so what the
     * agent does for a woven method is charged to that method. Where no frame is the application's, the
     * agent's frame nearest the top (the agent's own work, which a detector then leaves out), else the
     * top frame.
     */
    public static String firstApplicationFrame(List<String> leafFirst) {
        String agent = null;
        for (String frame : leafFirst) {
            if (AgentFrames.isAgent(frame)) {
                agent = agent == null ? frame : agent;
            } else if (!isJdk(frame)) {
                return frame;
            }
        }
        return agent != null ? agent : leafFirst.isEmpty() ? "<no stack>" : leafFirst.get(0);
    }

    /**
     * Whether the code waiting at the top of a stack is the agent's: the first frame below the JDK's is the
     * agent's own (a caller of a batch site waiting for its batch, a bulkhead's permit).
     */
    public static boolean waitsInAgent(List<String> leafFirst) {
        for (String frame : leafFirst) {
            if (!isJdk(frame)) {
                return AgentFrames.isAgent(frame);
            }
        }
        return false;
    }
}
