package dev.perfagent.agent.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import one.profiler.AsyncProfiler;

/**
 * Extracts async-profiler's native library from the agent jar and loads it.
 *
 * <p>The async-profiler jar holds one build per platform ({@code linux-x64/libasyncProfiler.so},
 * {@code linux-arm64/...}, {@code macos/...}); the Linux builds are made to run on glibc and musl alike.
 * The library is written under a content-addressed name ({@code libasyncProfiler-<sha256 prefix>.so}),
 * so two agent versions never overwrite each other's copy, through a temporary file and an atomic move,
 * so a concurrent loader never maps a half-written file. An existing copy is reused only when its
 * hash matches. Directories are tried in order: one that cannot be created, is not ours, is writable
 * by others, or is mounted {@code noexec} ("failed to map segment") is skipped for the next.
 *
 * <p>Never throws: the outcome says what was loaded, or why nothing was.
 */
public final class AsyncProfilerLoader {

    private static final String LIBRARY = "libasyncProfiler.so";

    private final ClassLoader resources;

    /** @param resources where the library is found as a resource (the agent's class loader) */
    public AsyncProfilerLoader(ClassLoader resources) {
        this.resources = resources;
    }

    /**
     * What a load attempt gave.
     *
     * @param profiler the loaded profiler, or null
     * @param library  the file loaded, or null
     * @param problem  why nothing was loaded (one line naming the file and the reason), or null
     */
    public record Outcome(AsyncProfiler profiler, Path library, String problem) {
        /** Whether the library loaded. */
        public boolean loaded() {
            return profiler != null;
        }
    }

    /**
     * The default places, in order: {@code perf-agent-<user>} under {@code java.io.tmpdir}, then
     * {@code ~/.cache/perf-agent} for hosts whose temporary directory does not allow executing.
     */
    public static List<Path> defaultDirectories() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        List<Path> dirs = new ArrayList<>(2);
        dirs.add(Path.of(System.getProperty("java.io.tmpdir"), "perf-agent-" + user));
        String home = System.getProperty("user.home");
        if (home != null && !home.isBlank() && !"?".equals(home)) {
            dirs.add(Path.of(home, ".cache", "perf-agent"));
        }
        return dirs;
    }

    /** The resource folder of this platform's build, or null when async-profiler has none. */
    static String platformTag() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            if (arch.equals("amd64") || arch.equals("x86_64")) {
                return "linux-x64";
            }
            if (arch.equals("aarch64") || arch.equals("arm64")) {
                return "linux-arm64";
            }
            return null;
        }
        return os.contains("mac") ? "macos" : null;
    }

    /** Extracts the library into the first usable directory of {@code directories} and loads it. */
    public Outcome load(List<Path> directories) {
        String platform = platformTag();
        if (platform == null) {
            return failed(null, "async-profiler has no build for " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch"));
        }
        String resource = platform + "/" + LIBRARY;
        byte[] bytes;
        try (InputStream in = resources.getResourceAsStream(resource)) {
            if (in == null) {
                return failed(null, resource + " is missing from the agent jar");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return failed(null, "cannot read " + resource + " from the agent jar: " + e);
        }
        String hash = sha256(bytes).substring(0, 16);
        List<String> problems = new ArrayList<>();
        for (Path dir : directories) {
            Path file = dir.resolve("libasyncProfiler-" + hash + ".so");
            try {
                extract(bytes, hash, dir, file);
            } catch (IOException | RuntimeException e) {
                problems.add(file + ": cannot extract (" + e.getMessage() + ")");
                continue;
            }
            try {
                AsyncProfiler profiler = AsyncProfiler.getInstance(file.toString());
                profiler.getVersion();
                return new Outcome(profiler, file, null);
            } catch (UnsatisfiedLinkError e) {
                problems.add(file + ": cannot load (" + e.getMessage() + ")");
                if (String.valueOf(e.getMessage()).contains("another classloader")) {
                    // A previous attach of the agent still holds it; a second copy would fight the first.
                    break;
                }
            } catch (Throwable t) {
                problems.add(file + ": cannot load (" + t + ")");
            }
        }
        if (directories.isEmpty()) {
            problems.add("no directory to extract it to");
        }
        return failed(null, "async-profiler did not load: " + String.join("; ", problems));
    }

    private static Outcome failed(Path library, String problem) {
        return new Outcome(null, library, problem);
    }

    private static void extract(byte[] bytes, String hash, Path dir, Path file) throws IOException {
        prepareDirectory(dir);
        if (Files.isRegularFile(file) && sha256(Files.readAllBytes(file)).startsWith(hash)) {
            return;
        }
        Path temp = Files.createTempFile(dir, "libasyncProfiler-", ".tmp");
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates the directory private to this user; refuses one another user could write a library into. */
    private static void prepareDirectory(Path dir) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        if (posix) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            if (permissions.contains(PosixFilePermission.OTHERS_WRITE)
                    || permissions.contains(PosixFilePermission.GROUP_WRITE)) {
                throw new IOException(dir + " is writable by other users");
            }
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
