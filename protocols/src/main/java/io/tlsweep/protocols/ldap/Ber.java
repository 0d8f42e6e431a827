package io.tlsweep.protocols.ldap;

import io.netty.buffer.ByteBuf;
import io.tlsweep.core.prelude.PreludeProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * The little of BER that an LDAP reply needs, bounded against a hostile peer: single-byte tags,
 * definite lengths only (short form, or long form of at most four bytes), every element inside its
 * parent. LDAP forbids the indefinite form (RFC 4511 section 5.1), so meeting one means this is not
 * LDAP, and a reader that never waits for an end-of-contents marker cannot be made to wait forever.
 *
 * <p>A {@code Ber} is a cursor over one region of a buffer (absolute indices, the buffer's reader
 * index is never moved): {@link #next()} steps over one element and returns where its value is.
 */
final class Ber {

    /** One element: its tag byte and where its value lies in the buffer. */
    record Tlv(int tag, int valueStart, int length) {
        int end() {
            return valueStart + length;
        }

        boolean constructed() {
            return (tag & 0x20) != 0;
        }
    }

    private final ByteBuf buf;
    private int pos;
    private final int end;

    private Ber(ByteBuf buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /**
     * How many bytes the element starting at {@code in}'s reader index takes, header included, or -1
     * when its header is not complete yet. Says nothing about whether the value has all arrived.
     *
     * @throws PreludeProtocolException for a length form LDAP does not allow, or an element longer than {@code max}
     */
    static int frameLength(ByteBuf in, int max) {
        Tlv tlv = header(in, in.readerIndex(), in.writerIndex(), false, max);
        return tlv == null ? -1 : tlv.end() - in.readerIndex();
    }

    /** A cursor over {@code length} bytes of {@code buf} from {@code start}. */
    static Ber over(ByteBuf buf, int start, int length) {
        return new Ber(buf, start, start + length);
    }

    /** A cursor over the value of {@code tlv}, an element this cursor returned. */
    Ber enter(Tlv tlv) {
        return new Ber(buf, tlv.valueStart(), tlv.end());
    }

    boolean hasMore() {
        return pos < end;
    }

    /** Steps over the next element. @throws PreludeProtocolException if it does not fit its parent */
    Tlv next() {
        Tlv tlv = header(buf, pos, end, true, end - pos);
        pos = tlv.end();
        return tlv;
    }

    /** The next element, which must carry {@code tag}. */
    Tlv expect(int tag, String what) {
        if (!hasMore()) {
            throw new PreludeProtocolException("BER: " + what + " missing");
        }
        Tlv tlv = next();
        if (tlv.tag() != tag) {
            throw new PreludeProtocolException(String.format("BER: %s has tag 0x%02x, expected 0x%02x",
                    what, tlv.tag(), tag));
        }
        return tlv;
    }

    /** An INTEGER or ENUMERATED value; LDAP's fit in four bytes (messageID is 0..2^31-1). */
    long integer(Tlv tlv) {
        if (tlv.length() < 1 || tlv.length() > 4) {
            throw new PreludeProtocolException("BER: integer of " + tlv.length() + " bytes");
        }
        long v = buf.getByte(tlv.valueStart()); // sign-extended: two's complement
        for (int i = 1; i < tlv.length(); i++) {
            v = (v << 8) | buf.getUnsignedByte(tlv.valueStart() + i);
        }
        return v;
    }

    /** An OCTET STRING as UTF-8 (LDAPString), at most {@code max} bytes of it. */
    String string(Tlv tlv, int max) {
        return buf.toString(tlv.valueStart(), Math.min(tlv.length(), max), StandardCharsets.UTF_8);
    }

    /**
     * Decodes the header at {@code at}. With {@code strict} the whole element must lie before
     * {@code limit} (it is inside a parent that has fully arrived); without, null means "header
     * incomplete, wait". Either way the element, header included, may take at most {@code max} bytes.
     */
    private static Tlv header(ByteBuf buf, int at, int limit, boolean strict, int max) {
        if (at + 2 > limit) {
            if (strict) {
                throw new PreludeProtocolException("BER: element header runs past its parent");
            }
            return null;
        }
        int tag = buf.getUnsignedByte(at);
        if ((tag & 0x1f) == 0x1f) {
            throw new PreludeProtocolException(String.format("BER: multi-byte tag 0x%02x (not LDAP)", tag));
        }
        int first = buf.getUnsignedByte(at + 1);
        int valueStart;
        long length;
        if (first < 0x80) {
            valueStart = at + 2;
            length = first;
        } else if (first == 0x80) {
            throw new PreludeProtocolException("BER: indefinite length (LDAP forbids it)");
        } else {
            int n = first & 0x7f;
            if (n > 4) {
                throw new PreludeProtocolException("BER: length of " + n + " bytes");
            }
            if (at + 2 + n > limit) {
                if (strict) {
                    throw new PreludeProtocolException("BER: element header runs past its parent");
                }
                return null;
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | buf.getUnsignedByte(at + 2 + i);
            }
            valueStart = at + 2 + n;
        }
        if (strict && valueStart + length > limit) {
            throw new PreludeProtocolException("BER: element of " + length + " bytes runs past its parent");
        }
        if (valueStart - at + length > max) {
            throw new PreludeProtocolException("BER: element of " + (valueStart - at + length)
                    + " bytes, more than the " + max + " allowed");
        }
        return new Tlv(tag, valueStart, (int) length);
    }
}
