package dev.perfagent.sample.bottlenecks;

/**
 * The {@code cpu-hot-loop} bottleneck: a table-driven CRC-32 written out in Java (not
 * {@link java.util.zip.CRC32}, whose intrinsic would put the time in a stub a profiler cannot name), so
 * the CPU samples land in {@link #checksum(byte[])} itself.
 */
public final class HotLoop {
    private static final int[] TABLE = table();

    /** The CRC-32 (IEEE 802.3, as {@link java.util.zip.CRC32}) of {@code data}. */
    public int checksum(byte[] data) {
        int crc = 0xFFFFFFFF;
        for (byte b : data) {
            crc = TABLE[(crc ^ b) & 0xFF] ^ (crc >>> 8);
        }
        return ~crc;
    }

    private static int[] table() {
        int[] table = new int[256];
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
