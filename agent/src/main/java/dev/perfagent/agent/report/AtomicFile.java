package dev.perfagent.agent.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a file so that a reader sees the old content or the whole new one, never a part. */
final class AtomicFile {
    private AtomicFile() {
    }

    /**
     * Writes {@code text} (UTF-8) to a temporary file in {@code file}'s directory, creating the directory,
     * then moves it into place in one step; the temporary file is gone afterwards whatever happens.
     */
    static void write(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its owner-only mode would carry over to the report. CREATE_NEW with a
        // random name is as safe in a shared directory (it never opens an existing file or follows a link).
        Path temp = dir.resolve("." + target.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()) + ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so this is rare (some network file systems): a plain replace is the best left.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
