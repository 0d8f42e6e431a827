package io.tlsweep.protocols.mssql;

import static io.tlsweep.protocols.testing.Bytes.concat;
import static io.tlsweep.protocols.testing.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TLS bytes into and out of TDS PRELOGIN packets, on an EmbeddedChannel. */
class TdsTlsFramingHandlerTest {

    private final TdsTlsFramingHandler handler = new TdsTlsFramingHandler();
    private final EmbeddedChannel ch = new EmbeddedChannel(handler);

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
    }

    /** A TLS record of {@code n} body bytes (content type 0x16, TLS 1.2), with recognisable contents. */
    private static byte[] record(int n, int fill) {
        byte[] r = new byte[5 + n];
        r[0] = 0x16;
        r[1] = 0x03;
        r[2] = 0x03;
        r[3] = (byte) (n >> 8);
        r[4] = (byte) n;
        Arrays.fill(r, 5, r.length, (byte) fill);
        return r;
    }

    private static byte[] tds(int type, int status, int id, byte[] payload) {
        int n = payload.length + 8;
        return concat(new byte[] {(byte) type, (byte) status, (byte) (n >> 8), (byte) n, 0, 0, (byte) id, 0}, payload);
    }

    private byte[] allOutbound() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out.toByteArray();
    }

    private byte[] allInbound() {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuf b;
        while ((b = ch.readInbound()) != null) {
            in.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return in.toByteArray();
    }

    @Test
    void aFlightIsOnePreloginPacket() {
        byte[] hello = record(300, 0x11);
        ChannelFuture written = ch.write(Unpooled.wrappedBuffer(hello));
        assertNull(ch.readOutbound(), "nothing goes out before the flush");
        ch.flush();
        assertArrayEquals(tds(0x12, 0x01, 1, hello), allOutbound());
        assertTrue(written.isSuccess(), "the writer learns its bytes went out");
    }

    @Test
    void severalWritesOfOneFlightShareAPacketAndIdsCount() {
        byte[] keyExchange = record(70, 0x21);
        byte[] changeCipherSpec = hex("14 0303 0001 01");
        byte[] finished = record(40, 0x22);
        ch.write(Unpooled.wrappedBuffer(keyExchange));
        ch.write(Unpooled.wrappedBuffer(changeCipherSpec));
        ch.writeAndFlush(Unpooled.wrappedBuffer(finished));
        ch.writeAndFlush(Unpooled.wrappedBuffer(record(3, 0x23)));
        assertArrayEquals(concat(tds(0x12, 0x01, 1, concat(keyExchange, changeCipherSpec, finished)),
                tds(0x12, 0x01, 2, record(3, 0x23))), allOutbound());
    }

    @Test
    void aFlightLargerThanAPacketIsSplitWithEomOnTheLast() {
        byte[] big = record(10_000, 0x33);
        ch.writeAndFlush(Unpooled.wrappedBuffer(big));
        byte[] out = allOutbound();
        assertArrayEquals(concat(tds(0x12, 0x00, 1, Arrays.copyOfRange(big, 0, 4088)),
                tds(0x12, 0x00, 2, Arrays.copyOfRange(big, 4088, 8176)),
                tds(0x12, 0x01, 3, Arrays.copyOfRange(big, 8176, big.length))), out);
    }

    @Test
    void packetsSplitAnyhowComeUpAsTheirPayloads() {
        byte[] serverHello = record(80, 0x41);
        byte[] certificate = record(5000, 0x42);
        byte[] done = hex("16 0303 0004 0e000000");
        // SQL Server's shape: one flight, as packets of at most 4096 bytes, then one more flight
        byte[] flight = concat(serverHello, certificate, done);
        byte[] wire = concat(tds(0x12, 0x00, 1, Arrays.copyOfRange(flight, 0, 4088)),
                tds(0x12, 0x01, 2, Arrays.copyOfRange(flight, 4088, flight.length)),
                tds(0x04, 0x01, 3, record(10, 0x43))); // 0x04 as older servers send it
        Random r = new Random(1433);
        int at = 0;
        while (at < wire.length) {
            int n = Math.min(wire.length - at, r.nextInt(1, 40));
            ch.writeInbound(Unpooled.wrappedBuffer(wire, at, n));
            at += n;
        }
        assertArrayEquals(concat(flight, record(10, 0x43)), allInbound());
    }

    @Test
    void oneByteAtATime() {
        byte[] payload = concat(record(5, 1), record(6, 2));
        for (byte b : tds(0x12, 0x01, 1, payload)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertArrayEquals(payload, allInbound());
    }

    @Test
    void anOversizePacketIsRefused() {
        assertThrows(CorruptedFrameException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(hex("12 01 8000 0000 0100"))));
        assertNull(ch.readInbound());
    }

    @Test
    void aLengthShorterThanItsHeaderIsRefused() {
        assertThrows(CorruptedFrameException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(hex("12 01 0007 0000 0100"))));
    }

    @Test
    void anEmptyPacketCarriesNothing() {
        ch.writeInbound(Unpooled.wrappedBuffer(concat(tds(0x12, 0x01, 1, new byte[0]), tds(0x12, 0x01, 2, record(2, 9)))));
        assertArrayEquals(record(2, 9), allInbound());
    }

    @Test
    void aPeerAnsweringInRawTlsIsPassedThroughForTlsToJudge() {
        byte[] alert = hex("15 0303 0002 02 28");
        ch.writeInbound(Unpooled.wrappedBuffer(alert));
        ch.writeInbound(Unpooled.wrappedBuffer(tds(0x12, 0x01, 1, record(1, 1))));
        assertArrayEquals(concat(alert, tds(0x12, 0x01, 1, record(1, 1))), allInbound(),
                "after a non-TDS packet start nothing is unwrapped any more");
    }

    @Test
    void removedItWrapsWhatTlsWroteAndPassesOnWhatIsLeft() {
        byte[] finished = record(40, 0x55);
        ch.write(Unpooled.wrappedBuffer(finished)); // the last handshake write, not flushed yet
        byte[] partial = Arrays.copyOf(tds(0x12, 0x01, 1, record(20, 0x66)), 12);
        ch.writeInbound(Unpooled.wrappedBuffer(partial));
        assertNull(ch.readInbound());
        ch.pipeline().remove(handler);
        assertArrayEquals(partial, allInbound());
        ch.flush();
        assertArrayEquals(tds(0x12, 0x01, 1, finished), allOutbound());
        byte[] appData = hex("17 0303 0003 abcdef");
        ch.writeAndFlush(Unpooled.wrappedBuffer(appData));
        assertArrayEquals(appData, allOutbound(), "after the handshake, records go raw");
    }

    @Test
    void aServerSideHandlerReadsWhatAClientSideOneWrites() {
        EmbeddedChannel server = new EmbeddedChannel(new TdsTlsFramingHandler());
        try {
            byte[] flight = record(9000, 0x77);
            ch.writeAndFlush(Unpooled.wrappedBuffer(flight));
            server.writeInbound(Unpooled.wrappedBuffer(allOutbound()));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuf b;
            while ((b = server.readInbound()) != null) {
                got.writeBytes(ByteBufUtil.getBytes(b));
                b.release();
            }
            assertEquals(flight.length, got.size());
            assertArrayEquals(flight, got.toByteArray());
        } finally {
            server.finishAndReleaseAll();
        }
    }
}
