package dev.perfagent.gpu;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process sees the host's process ids. The NVIDIA driver knows no PID namespaces: NVML names the
 * processes using a GPU by their host pids, so inside a container (a PID namespace of its own) none of them
 * equals {@link ProcessHandle#pid()} even while this process keeps the GPU busy.
 */
final class PidNamespace {
    /** The kernel's inode number of the initial PID namespace ({@code PROC_PID_INIT_INO}). */
    static final long INITIAL_INODE = 0xEFFFFFFCL;

    private PidNamespace() {
    }

    /**
     * Reads {@code /proc/self/ns/pid}.
     *
     * @return false only where the link names a namespace other than the initial one; true where it cannot be
     *     read (not Linux), taking the pids at their word
     */
    static boolean seesHostPids() {
        try {
            return isInitial(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
        } catch (Exception e) {
            return true;
        }
    }

    /**
     * @param link the target of {@code /proc/<pid>/ns/pid}, such as {@code pid:[4026531836]}
     * @return whether it names the initial namespace; true where the text is not of that form
     */
    static boolean isInitial(String link) {
        int open = link.indexOf('[');
        int close = link.indexOf(']', open + 1);
        if (!link.startsWith("pid:") || open < 0 || close < 0) {
            return true;
        }
        try {
            return Long.parseLong(link.substring(open + 1, close)) == INITIAL_INODE;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
