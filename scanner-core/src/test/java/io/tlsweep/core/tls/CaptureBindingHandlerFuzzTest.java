package io.tlsweep.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The first-bytes capture behind {@code not_tls}: whatever the peer sends, in whatever reads, the
 * handler keeps exactly its first {@link CaptureBindingHandler#FIRST_BYTES_LIMIT} bytes (fewer if it
 * sent fewer) and passes every read on untouched.
 */
class CaptureBindingHandlerFuzzTest {

    @Property(tries = 1000, seed = "64")
    void keepsThePrefixAndPassesEverythingOn(@ForAll @Size(max = 12) List<@Size(max = 100) byte[]> reads,
                                             @ForAll @Size(max = 3) List<@Size(max = 100) byte[]> afterReset) {
        CaptureBindingHandler handler = new CaptureBindingHandler(new HandshakeCapture());
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (byte[] r : reads) {
            ch.writeInbound(Unpooled.wrappedBuffer(r));
            sent.writeBytes(r);
        }
        byte[] all = sent.toByteArray();
        assertArrayEquals(Arrays.copyOf(all, Math.min(all.length, CaptureBindingHandler.FIRST_BYTES_LIMIT)), handler.firstBytes());
        assertArrayEquals(all, drain(ch), "reads pass on unchanged");

        handler.resetFirstBytes(); // a prelude ended: the TLS answer's first bytes count from here
        ByteArrayOutputStream later = new ByteArrayOutputStream();
        for (byte[] r : afterReset) {
            ch.writeInbound(Unpooled.wrappedBuffer(r));
            later.writeBytes(r);
        }
        byte[] tls = later.toByteArray();
        assertArrayEquals(Arrays.copyOf(tls, Math.min(tls.length, CaptureBindingHandler.FIRST_BYTES_LIMIT)), handler.firstBytes());
        ch.finishAndReleaseAll();
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = ch.readInbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
