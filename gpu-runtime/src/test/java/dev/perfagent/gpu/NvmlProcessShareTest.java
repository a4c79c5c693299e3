package dev.perfagent.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NvmlProcessShareTest {
    @Test
    void averagesThisProcesssSamplesAndCountsNoneAsIdle() {
        assertEquals(0.25, NvmlProcessShare.share(2, 50, true), 1e-12);
        assertEquals(0.0, NvmlProcessShare.share(0, 0, true));
        assertEquals(1.0, NvmlProcessShare.share(1, 130, true), "a sample over 100% counts as fully busy");
    }

    @Test
    void inAContainerNvmlsHostPidsSayNothingAboutThisProcess() {
        assertTrue(Double.isNaN(NvmlProcessShare.share(0, 0, false)));
        assertTrue(Double.isNaN(NvmlProcessShare.share(1, 40, false)), "a host pid equal to ours by chance");
    }

    @Test
    void onlyTheInitialPidNamespaceSeesHostPids() {
        assertTrue(PidNamespace.isInitial("pid:[4026531836]"));
        assertFalse(PidNamespace.isInitial("pid:[4026532451]"));
        assertTrue(PidNamespace.isInitial("something else"), "unknown form: take the pids at their word");
        assertTrue(PidNamespace.isInitial("pid:[x]"));
    }
}
