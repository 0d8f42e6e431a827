package io.tlsweep.core.tls.wire;

import java.util.Arrays;

/**
 * A growable big-endian byte writer with back-patched length prefixes, for building hellos. Not a
 * parser: lengths it writes are checked against their field width.
 */
final class WireWriter {

    private byte[] buf = new byte[512];
    private int size;

    WireWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    WireWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    WireWriter u24(int v) {
        ensure(3);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    WireWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** Reserves a length field of {@code width} bytes; {@link #endLength} fills it in. */
    int beginLength(int width) {
        int at = size;
        ensure(width);
        size += width;
        return at;
    }

    /** Writes the number of bytes after the field reserved at {@code at} into that field. */
    WireWriter endLength(int at, int width) {
        int length = size - at - width;
        if (length >= 1 << (8 * width)) {
            throw new IllegalArgumentException(length + " bytes do not fit a " + width + "-byte length");
        }
        for (int i = 0; i < width; i++) {
            buf[at + i] = (byte) (length >>> (8 * (width - 1 - i)));
        }
        return this;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
