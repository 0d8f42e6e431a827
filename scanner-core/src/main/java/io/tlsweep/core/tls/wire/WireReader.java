package io.tlsweep.core.tls.wire;

import java.util.Arrays;

/** Bounds-checked big-endian reads over one byte range; running short is a {@link WireFormatException}. */
final class WireReader {

    private final byte[] buf;
    private int pos;
    private final int end;
    private final String what;

    WireReader(byte[] buf, int from, int to, String what) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        this.what = what;
    }

    int remaining() {
        return end - pos;
    }

    int u8() throws WireFormatException {
        need(1);
        return buf[pos++] & 0xff;
    }

    int u16() throws WireFormatException {
        need(2);
        int v = (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int u24() throws WireFormatException {
        need(3);
        int v = (buf[pos] & 0xff) << 16 | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff);
        pos += 3;
        return v;
    }

    byte[] bytes(int n) throws WireFormatException {
        need(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** A reader over the next {@code n} bytes, which this reader skips. */
    WireReader sub(int n, String part) throws WireFormatException {
        need(n);
        WireReader r = new WireReader(buf, pos, pos + n, part);
        pos += n;
        return r;
    }

    private void need(int n) throws WireFormatException {
        if (n < 0 || end - pos < n) {
            throw new WireFormatException(what + " truncated: needs " + n + " more bytes, has " + (end - pos));
        }
    }
}
