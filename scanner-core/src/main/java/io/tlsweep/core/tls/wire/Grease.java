package io.tlsweep.core.tls.wire;

import java.util.List;

/**
 * RFC 8701 GREASE code points (0x0a0a, 0x1a1a, … 0xfafa): reserved values a client sprinkles into
 * suites, groups, extensions and versions so that servers keep ignoring unknown values.
 */
public final class Grease {

    /** The 16 values in ascending order. */
    public static final List<Integer> VALUES = List.of(0x0a0a, 0x1a1a, 0x2a2a, 0x3a3a, 0x4a4a, 0x5a5a, 0x6a6a,
            0x7a7a, 0x8a8a, 0x9a9a, 0xaaaa, 0xbaba, 0xcaca, 0xdada, 0xeaea, 0xfafa);

    private Grease() {
    }

    public static boolean isGrease(int codePoint) {
        return (codePoint & 0x0f0f) == 0x0a0a && (codePoint >> 8) == (codePoint & 0xff);
    }
}
