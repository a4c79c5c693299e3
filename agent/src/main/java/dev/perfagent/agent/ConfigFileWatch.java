package dev.perfagent.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Tells when the config file's content changed, by polling: a WatchService misses changes on bind
 * mounts, network shares and the symlink swaps of Kubernetes config maps, polling sees them all. The
 * file is read only when its modification time or size moved, and reported only when its bytes differ
 * (an editor that rewrites the same text is no change).
 */
final class ConfigFileWatch {
    private final Path file;
    private FileTime modified;
    private long size = -1;
    private byte[] digest;

    /** Takes the file as it is now as the baseline. */
    ConfigFileWatch(Path file) {
        this.file = file;
        try {
            changed();
        } catch (IOException e) {
            // No baseline yet: the next readable version becomes it.
        }
    }

    /**
     * @return true when the content differs from the last content seen
     * @throws IOException when the file cannot be read (removed, being replaced); the baseline stays
     */
    boolean changed() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.lastModifiedTime().equals(modified) && attributes.size() == size) {
            return false;
        }
        byte[] now = sha256(Files.readAllBytes(file));
        modified = attributes.lastModifiedTime();
        size = attributes.size();
        boolean differs = digest != null && !Arrays.equals(digest, now);
        digest = now;
        return differs;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
