package io.tlsweep.core.quic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuicLongHeaderTest {

    private static final byte[] CLIENT_DCID = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final byte[] CLIENT_SCID = {9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};

    /** The start of a client Initial of QUIC v1 (RFC 9000 section 17.2.2), up to the connection IDs. */
    private static ByteBuf initial() {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0xc3).writeInt(QuicVersions.V1);
        b.writeByte(CLIENT_DCID.length).writeBytes(CLIENT_DCID);
        b.writeByte(CLIENT_SCID.length).writeBytes(CLIENT_SCID);
        b.writeByte(0).writeShort(0x4000 | 1162).writeZero(40); // token length, length, and some payload
        return b;
    }

    @Test
    void readsTheConnectionIdsOfAnInitial() {
        ByteBuf b = initial();
        QuicLongHeader h = QuicLongHeader.parse(b);
        assertNotNull(h);
        assertEquals(QuicVersions.V1, h.version());
        assertArrayEquals(CLIENT_DCID, h.dcid());
        assertArrayEquals(CLIENT_SCID, h.scid());
        assertNull(h.supportedVersions());
        assertFalse(h.isVersionNegotiation());
        assertEquals(0, b.readerIndex(), "parsing does not consume");
    }

    @Test
    void versionNegotiationSwapsTheIdsAndListsTheVersions() {
        QuicLongHeader client = QuicLongHeader.parse(initial());
        byte[] vn = QuicLongHeader.versionNegotiation(client, List.of(0x1a2a3a4a, QuicVersions.DRAFT_29));
        // RFC 9000 section 17.2.1: header form 1, version 0, then DCID = client's SCID, SCID = client's DCID.
        assertEquals(0x80, vn[0] & 0x80);
        assertEquals(1 + 4 + 1 + 16 + 1 + 8 + 8, vn.length);
        QuicLongHeader h = QuicLongHeader.parse(Unpooled.wrappedBuffer(vn));
        assertTrue(h.isVersionNegotiation());
        assertArrayEquals(CLIENT_SCID, h.dcid());
        assertArrayEquals(CLIENT_DCID, h.scid());
        assertEquals(List.of(0x1a2a3a4a, QuicVersions.DRAFT_29), h.supportedVersions());
    }

    @Test
    void aVersionListIsCappedAndAPartialWordIgnored() {
        QuicLongHeader client = QuicLongHeader.parse(initial());
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(0x0a0a0a0a + i);
        }
        byte[] vn = QuicLongHeader.versionNegotiation(client, many);
        assertEquals(QuicLongHeader.MAX_LISTED_VERSIONS,
                QuicLongHeader.parse(Unpooled.wrappedBuffer(vn)).supportedVersions().size());

        byte[] two = QuicLongHeader.versionNegotiation(client, List.of(1, 2));
        ByteBuf cut = Unpooled.wrappedBuffer(two, 0, two.length - 1);
        assertEquals(List.of(1), QuicLongHeader.parse(cut).supportedVersions());
    }

    @Test
    void shortHeadersAndTruncatedHeadersAreNotLongHeaders() {
        assertNull(QuicLongHeader.parse(Unpooled.EMPTY_BUFFER));
        assertNull(QuicLongHeader.parse(Unpooled.wrappedBuffer(new byte[] {0x40, 1, 2, 3, 4, 5, 6, 7, 8})));
        ByteBuf whole = initial();
        for (int n = 0; n < 1 + 4 + 1 + 8 + 1 + 16; n++) {
            assertNull(QuicLongHeader.parse(whole.slice(0, n)), "cut at " + n);
        }
        assertNotNull(QuicLongHeader.parse(whole.slice(0, 1 + 4 + 1 + 8 + 1 + 16)));
    }

    @Test
    void randomBytesNeverThrowAndGiveConsistentHeaders() {
        Random r = new Random(20260401);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[r.nextInt(i % 10 == 0 ? 600 : 40)];
            r.nextBytes(b);
            if (b.length > 0 && r.nextBoolean()) {
                b[0] |= (byte) 0x80;
            }
            if (b.length > 5 && r.nextInt(4) == 0) {
                b[1] = b[2] = b[3] = b[4] = 0; // a Version Negotiation, often
            }
            if (b.length > 6 && r.nextBoolean()) {
                b[5] = (byte) r.nextInt(24); // plausible lengths, so parsing gets past the IDs
            }
            int offset = b.length > 0 ? r.nextInt(b.length) : 0;
            ByteBuf buf = Unpooled.wrappedBuffer(b).readerIndex(offset);
            QuicLongHeader h = QuicLongHeader.parse(buf);
            assertEquals(offset, buf.readerIndex());
            if (h != null) {
                assertTrue(h.dcid().length + h.scid().length + 7 <= b.length - offset);
                assertEquals(h.version() == 0, h.supportedVersions() != null);
                if (h.supportedVersions() != null) {
                    assertTrue(h.supportedVersions().size() <= QuicLongHeader.MAX_LISTED_VERSIONS);
                }
            }
        }
    }

    @Test
    void versionNamesFollowTheSchema() {
        assertEquals("v1", QuicVersions.name(1));
        assertEquals("v2", QuicVersions.name(0x6b3343cf));
        assertEquals("draft-29", QuicVersions.name(0xff00001d));
        assertEquals("0x1a2a3a4a", QuicVersions.name(0x1a2a3a4a));
        assertEquals("0xfaceb002", QuicVersions.name(0xfaceb002));
        assertEquals(List.of("v1", "0x00000000"), QuicVersions.names(List.of(1, 0)));
    }
}
