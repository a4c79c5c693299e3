package dev.perfagent.sample.bottlenecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class HotLoopTest {
    private final HotLoop hotLoop = new HotLoop();

    @Test
    void checksumIsTheStandardCrc32() {
        byte[] random = new byte[CpuHotLoopScenario.BUFFER_BYTES];
        new SplittableRandom(1).nextBytes(random);
        for (byte[] data : new byte[][] {new byte[0], "123456789".getBytes(StandardCharsets.US_ASCII), random}) {
            CRC32 crc = new CRC32();
            crc.update(data);
            assertEquals((int) crc.getValue(), hotLoop.checksum(data));
        }
    }

    @Test
    void checksumOfTheCheckStringIsTheKnownValue() {
        assertEquals(0xCBF43926, hotLoop.checksum("123456789".getBytes(StandardCharsets.US_ASCII)));
    }
}
