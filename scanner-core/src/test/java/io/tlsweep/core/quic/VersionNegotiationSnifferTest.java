package io.tlsweep.core.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VersionNegotiationSnifferTest {

    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.9", 443);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 50000);
    private static final byte[] OUR_SCID = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};

    private static byte[] vnTo(byte[] scid, List<Integer> versions) {
        ByteBuf initial = Unpooled.buffer().writeByte(0xc0).writeInt(QuicVersions.V1)
                .writeByte(8).writeLong(42).writeByte(scid.length).writeBytes(scid);
        return QuicLongHeader.versionNegotiation(QuicLongHeader.parse(initial), versions);
    }

    private static DatagramPacket packet(byte[] bytes, InetSocketAddress sender) {
        return new DatagramPacket(Unpooled.wrappedBuffer(bytes), LOCAL, sender);
    }

    @Test
    void tellsTheProbeWhoseConnectionIdIsEchoedOnceAndPassesThePacketOn() {
        VersionNegotiationSniffer sniffer = new VersionNegotiationSniffer();
        EmbeddedChannel ch = new EmbeddedChannel(sniffer);
        List<List<Integer>> told = new ArrayList<>();
        sniffer.expect(OUR_SCID, SERVER, told::add);

        DatagramPacket vn = packet(vnTo(OUR_SCID, List.of(0x1a2a3a4a)), SERVER);
        ch.writeInbound(vn);
        assertSame(vn, ch.readInbound(), "the codec still gets the packet");
        assertEquals(List.of(List.of(0x1a2a3a4a)), told);
        assertEquals(0, sniffer.watched(), "a watch ends with its answer");

        ch.writeInbound(packet(vnTo(OUR_SCID, List.of(0x1a2a3a4a)), SERVER));
        assertEquals(1, told.size(), "told once");
        ((DatagramPacket) ch.readInbound()).release();
        ch.finishAndReleaseAll();
    }

    @Test
    void ignoresOtherSendersOtherIdsAndListsThatNameOurVersion() {
        VersionNegotiationSniffer sniffer = new VersionNegotiationSniffer();
        EmbeddedChannel ch = new EmbeddedChannel(sniffer);
        List<List<Integer>> told = new ArrayList<>();
        sniffer.expect(OUR_SCID, SERVER, told::add);

        ch.writeInbound(packet(vnTo(OUR_SCID, List.of(0x1a2a3a4a)), new InetSocketAddress("127.0.0.10", 443)));
        ch.writeInbound(packet(vnTo(new byte[] {1, 2, 3}, List.of(0x1a2a3a4a)), SERVER));
        // RFC 9000 section 6.2: a Version Negotiation listing the client's version is discarded.
        ch.writeInbound(packet(vnTo(OUR_SCID, List.of(0x1a2a3a4a, QuicVersions.V1)), SERVER));
        assertEquals(List.of(), told);
        assertEquals(1, sniffer.watched());
        sniffer.forget(OUR_SCID);
        assertEquals(0, sniffer.watched());
        ch.finishAndReleaseAll();
    }

    @Test
    void randomDatagramsAreAlwaysPassedOnAndNeverThrow() {
        VersionNegotiationSniffer sniffer = new VersionNegotiationSniffer();
        EmbeddedChannel ch = new EmbeddedChannel(sniffer);
        List<List<Integer>> told = new ArrayList<>();
        sniffer.expect(OUR_SCID, SERVER, told::add);
        Random r = new Random(99);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            if (b.length > 6 && r.nextBoolean()) {
                b[0] |= (byte) 0x80;
                b[1] = b[2] = b[3] = b[4] = 0;
                b[5] = (byte) r.nextInt(20);
            }
            ch.writeInbound(packet(b, SERVER));
            DatagramPacket out = ch.readInbound();
            assertNotNull(out);
            out.release();
        }
        assertTrue(told.size() <= 1);
        ch.finishAndReleaseAll();
    }
}
