package dev.perfagent.agent.layer.batch.onnx;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The adapter's memory of sessions and class loaders: the ONNX Runtime API resolved once per class loader that
 * holds it, a {@link SessionInfo} per session, and the {@link ModelSource} of each session created while
 * {@link ModelCaptureLayer} watched. Both are held weakly, so neither a session the application
 * drops nor a class loader it discards is kept alive: sessions are weak keys; an API is a weak value, kept
 * reachable by the session facts and batch functions that use it (a strong value would hold its classes,
 * hence their loader, the very key). Thread-safe.
 */
final class OnnxSessions {
    private final Cache<ClassLoader, OnnxReflection> apis =
            Caffeine.newBuilder().weakKeys().weakValues().executor(Runnable::run).build();
    private final Cache<Object, SessionInfo> sessions =
            Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
    private final Cache<Object, ModelSource> sources =
            Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

    /**
     * The facts of {@code session}, read on first sight. Two threads meeting a new session at once may both
     * read it; one result wins.
     *
     * @throws Throwable what ONNX Runtime throws reading the session's info (e.g. it is closed); not remembered
     */
    SessionInfo of(Object session) throws Throwable {
        SessionInfo info = sessions.getIfPresent(session);
        if (info == null) {
            info = read(session);
            sessions.put(session, info);
        }
        return info;
    }

    private SessionInfo read(Object session) throws Throwable {
        ClassLoader loader = session.getClass().getClassLoader();
        OnnxReflection ort;
        try {
            ort = api(loader);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return SessionInfo.unusable("the ONNX Runtime API in " + loader + " is not the one perf-agent knows: " + e);
        }
        return SessionInfo.read(session, ort);
    }

    /** The API of the ONNX Runtime {@code loader} holds, resolved on first use. */
    OnnxReflection api(ClassLoader loader) throws ReflectiveOperationException {
        OnnxReflection ort = apis.getIfPresent(loader);
        if (ort == null) {
            ort = OnnxReflection.resolve(loader);
            apis.put(loader, ort);
        }
        return ort;
    }

    /**
     * Remembers what {@code session} was created from. The first record stands: {@code createSession(byte[])}
     * calls {@code createSession(byte[], SessionOptions)}, whose options (the ones used) it sees first.
     */
    void created(Object session, ModelSource source) {
        sources.asMap().putIfAbsent(session, source);
    }

    /** What {@code session} was created from, or null when it was created while nothing watched. */
    ModelSource sourceOf(Object session) {
        return sources.getIfPresent(session);
    }
}
