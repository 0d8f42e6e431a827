package io.tlsweep.core.target;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address as an unsigned 128-bit number, so IPv4 and IPv6 share one interval arithmetic.
 * IPv4 lives at its IPv4-mapped position {@code ::ffff:a.b.c.d}: IPv4 ranges stay contiguous and
 * {@link #toInetAddress()} turns them back into {@link java.net.Inet4Address}es.
 *
 * @param hi the upper 64 bits
 * @param lo the lower 64 bits
 */
record Ip128(long hi, long lo) implements Comparable<Ip128> {

    static final Ip128 MIN = new Ip128(0, 0);
    static final Ip128 MAX = new Ip128(-1L, -1L);
    /** {@code ::ffff:0:0}, where IPv4 starts. */
    private static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    static Ip128 ofV4(int v4) {
        return new Ip128(0, V4_MAPPED_PREFIX | (v4 & 0xFFFF_FFFFL));
    }

    /** 4 or 16 bytes, network order. */
    static Ip128 ofBytes(byte[] b) {
        if (b.length == 4) {
            return ofV4(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        }
        if (b.length != 16) {
            throw new IllegalArgumentException("address of " + b.length + " bytes");
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
            lo = (lo << 8) | (b[i + 8] & 0xFF);
        }
        return new Ip128(hi, lo);
    }

    boolean isV4() {
        return hi == 0 && (lo >>> 32) == 0xFFFFL;
    }

    /** This plus an unsigned 64-bit offset; wraps past {@link #MAX} (callers stay in range). */
    Ip128 plus(long offset) {
        long sum = lo + offset;
        long carry = Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
        return new Ip128(hi + carry, sum);
    }

    /** This minus one; the caller guarantees this is not {@link #MIN}. */
    Ip128 predecessor() {
        return new Ip128(lo == 0 ? hi - 1 : hi, lo - 1);
    }

    /** This plus one; the caller guarantees this is not {@link #MAX}. */
    Ip128 successor() {
        return plus(1);
    }

    /** The first address of the prefix of {@code bits} bits (counted in the 128-bit space) holding this. */
    Ip128 networkStart(int bits) {
        return new Ip128(hi & highMask(bits), lo & highMask(bits - 64));
    }

    /** The last address of the prefix of {@code bits} bits holding this. */
    Ip128 networkEnd(int bits) {
        return new Ip128(hi | ~highMask(bits), lo | ~highMask(bits - 64));
    }

    /** A long whose top {@code bits} bits (clamped to 0..64) are set. */
    private static long highMask(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    InetAddress toInetAddress() {
        byte[] bytes;
        if (isV4()) {
            bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) (lo >>> (24 - 8 * i));
            }
        } else {
            bytes = new byte[16];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (hi >>> (56 - 8 * i));
                bytes[i + 8] = (byte) (lo >>> (56 - 8 * i));
            }
        }
        try {
            return InetAddress.getByAddress(bytes); // a literal: never a DNS lookup
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public int compareTo(Ip128 other) {
        int c = Long.compareUnsigned(hi, other.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, other.lo);
    }

    @Override
    public String toString() {
        return toInetAddress().getHostAddress();
    }
}
