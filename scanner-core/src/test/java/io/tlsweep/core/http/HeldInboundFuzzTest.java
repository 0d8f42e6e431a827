package io.tlsweep.core.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link HeldInbound}, the buffer that holds decrypted bytes through the client-certificate grace
 * period: it never holds more than {@link HeldInbound#MAX_HELD_BYTES}, hands on what it held in
 * order when removed, and releases every read it drops (the leak detector would not see a heap
 * buffer, so the test counts references).
 */
class HeldInboundFuzzTest {

    @Property(tries = 300, seed = "6400")
    void holdsAtMostTheCapInOrder(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 20_000) Integer> sizes) {
        EmbeddedChannel ch = new EmbeddedChannel(new HeldInbound());
        List<ByteBuf> sent = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int held = 0;
        for (int i = 0; i < sizes.size(); i++) {
            byte[] b = new byte[sizes.get(i)];
            java.util.Arrays.fill(b, (byte) i);
            ByteBuf buf = Unpooled.wrappedBuffer(b);
            buf.retain(); // ours, to see whether the handler released its reference
            sent.add(buf);
            if (held + b.length <= HeldInbound.MAX_HELD_BYTES) {
                held += b.length;
                expected.writeBytes(b);
            }
            ch.writeInbound(buf);
        }
        assertTrue(ch.inboundMessages().isEmpty(), "nothing passes while held");
        ch.pipeline().remove(HeldInbound.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = ch.readInbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        assertTrue(out.size() <= HeldInbound.MAX_HELD_BYTES);
        assertArrayEquals(expected.toByteArray(), out.toByteArray());
        for (ByteBuf b : sent) {
            assertEquals(1, b.refCnt(), "a dropped or handed-on read still referenced by the handler");
            b.release();
        }
        ch.finishAndReleaseAll();
    }
}
