package io.tlsweep.protocols.mssql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link TdsTlsFramingHandler} inbound, on streams of TDS packets (type 0x12/0x04, any status,
 * lengths right, below the header, past {@link TdsTlsFramingHandler#MAX_PACKET}) possibly followed
 * by raw TLS or junk, cut anywhere and fed in random reads. Only {@link CorruptedFrameException}
 * escapes, and what goes up to TLS is exactly what a one-pass reading of the whole stream gives:
 * payloads in order, then (at a packet boundary that is not TDS) the rest unchanged.
 */
class TdsTlsFramingFuzzTest {

    @Provide
    Arbitrary<byte[]> streams() {
        Arbitrary<Integer> lie = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(-9, 3)), Tuple.of(1, Arbitraries.of(0xffff, TdsTlsFramingHandler.MAX_PACKET + 1 - 8)));
        Arbitrary<byte[]> packet = Combinators.combine(Arbitraries.of(0x12, 0x04), Arbitraries.integers().between(0, 255),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(300), lie)
                .as((type, status, payload, l) -> {
                    int n = l > 0xff ? l : Math.max(0, payload.length + 8 + l);
                    byte[] header = {(byte) type.intValue(), (byte) status.intValue(), (byte) (n >> 8), (byte) n, 0, 0, 1, 0};
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(header);
                    out.writeBytes(payload);
                    return out.toByteArray();
                });
        Arbitrary<byte[]> tail = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(new byte[0])),
                Tuple.of(1, Arbitraries.just(new byte[] {0x16, 3, 3, 0, 2, 1, 2})),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)));
        return Combinators.combine(packet.list().ofMaxSize(6), tail, Arbitraries.integers().between(0, 20))
                .as((packets, t, cut) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    packets.forEach(out::writeBytes);
                    out.writeBytes(t);
                    byte[] all = out.toByteArray();
                    return Arrays.copyOf(all, Math.max(0, all.length - cut));
                });
    }

    @Property(tries = 1000, seed = "1433")
    void payloadsGoUpAsOneReadingOfTheWholeStreamSays(@ForAll("streams") byte[] wire, @ForAll @IntRange(min = 1, max = 700) int chunk) {
        Expected expected = oneReading(wire);
        EmbeddedChannel ch = new EmbeddedChannel(new TdsTlsFramingHandler());
        ByteArrayOutputStream up = new ByteArrayOutputStream();
        boolean corrupted = false;
        try {
            for (int at = 0; at < wire.length && !corrupted; at += chunk) {
                try {
                    ch.writeInbound(Unpooled.wrappedBuffer(wire, at, Math.min(chunk, wire.length - at)));
                } catch (CorruptedFrameException e) {
                    corrupted = true;
                }
                for (Object o; (o = ch.readInbound()) != null; ) {
                    ByteBuf b = (ByteBuf) o;
                    byte[] bytes = new byte[b.readableBytes()];
                    b.readBytes(bytes);
                    b.release();
                    up.writeBytes(bytes);
                }
            }
        } finally {
            ch.finishAndReleaseAll();
        }
        assertEquals(expected.corrupted(), corrupted, "corrupted");
        assertArrayEquals(expected.up(), up.toByteArray());
    }

    private record Expected(byte[] up, boolean corrupted) {
    }

    /** The framing, read once over the whole stream: the reference the handler must match whatever the reads. */
    private static Expected oneReading(byte[] w) {
        ByteArrayOutputStream up = new ByteArrayOutputStream();
        int at = 0;
        while (at < w.length) {
            if (w[at] != 0x12 && w[at] != 0x04) {
                up.write(w, at, w.length - at);
                break;
            }
            if (w.length - at < 8) {
                break;
            }
            int length = (w[at + 2] & 0xff) << 8 | (w[at + 3] & 0xff);
            if (length < 8 || length > TdsTlsFramingHandler.MAX_PACKET) {
                return new Expected(up.toByteArray(), true);
            }
            if (w.length - at < length) {
                break;
            }
            up.write(w, at + 8, length - 8);
            at += length;
        }
        return new Expected(up.toByteArray(), false);
    }
}
