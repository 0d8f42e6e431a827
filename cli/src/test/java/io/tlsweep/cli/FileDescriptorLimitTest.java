package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FileDescriptorLimitTest {

    @Test
    void keepsWhatFits() {
        assertEquals(1024, FileDescriptorLimit.clamp(1024, 20_000));
        assertEquals(1024, FileDescriptorLimit.clamp(1024, -1), "unknown limit: trust the user");
    }

    @Test
    void clampsToTheLimitMinusTheReserve() {
        assertEquals(1024 - FileDescriptorLimit.RESERVED, FileDescriptorLimit.clamp(5000, 1024));
        assertEquals(1, FileDescriptorLimit.clamp(5000, 64), "never below one");
    }

    @Test
    void readsTheLimitOnLinux() {
        assertTrue(FileDescriptorLimit.softLimit() > 0);
    }
}
