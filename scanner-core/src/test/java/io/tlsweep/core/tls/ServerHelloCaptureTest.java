package io.tlsweep.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tlsweep.core.tls.wire.ServerHello;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The capture as a pipeline element: it forwards every buffer untouched, reads the ServerHello across
 * any split, and leaves the pipeline on success, on garbage and at its cap. Plus randomized input: no
 * exception escapes and nothing it forwards is changed.
 */
class ServerHelloCaptureTest {

    /** A TLS 1.2 ServerHello record: cipher c02f, extensions ff01 (empty data) and 0017. */
    static byte[] serverHelloRecord() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x03);
        body.write(0x03);
        body.writeBytes(new byte[32]);
        body.write(0); // session id length
        body.write(0xc0);
        body.write(0x2f);
        body.write(0); // compression
        byte[] extensions = {(byte) 0xff, 0x01, 0, 1, 0, 0x00, 0x17, 0, 0};
        body.write(0);
        body.write(extensions.length);
        body.writeBytes(extensions);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.writeBytes(new byte[] {0x16, 0x03, 0x03, 0, (byte) (b.length + 4), 0x02, 0, 0, (byte) b.length});
        rec.writeBytes(b);
        return rec.toByteArray();
    }

    @Test
    void readsTheServerHelloSplitAcrossReadsAndLeaves() {
        ServerHelloCapture capture = new ServerHelloCapture();
        EmbeddedChannel ch = new EmbeddedChannel(capture);
        byte[] hello = serverHelloRecord();
        for (int i = 0; i < hello.length; i += 7) {
            ByteBuf in = Unpooled.wrappedBuffer(hello, i, Math.min(7, hello.length - i));
            ch.writeInbound(in);
            ByteBuf out = ch.readInbound();
            assertSame(in, out, "the very buffer is passed on");
            assertEquals(0, out.readerIndex());
            assertEquals(1, out.refCnt());
            out.release();
        }
        ServerHello sh = capture.serverHello();
        assertNotNull(sh);
        assertEquals(0xc02f, sh.cipherSuite());
        assertEquals(List.of(0xff01, 0x0017), sh.extensions().stream().map(e -> e.type()).toList());
        assertNull(ch.pipeline().get(ServerHelloCapture.class), "removed itself once the ServerHello was read");
        ch.finishAndReleaseAll();
    }

    @Test
    void garbageMeansNoServerHelloAndLeaves() {
        ServerHelloCapture capture = new ServerHelloCapture();
        EmbeddedChannel ch = new EmbeddedChannel(capture);
        ch.writeInbound(Unpooled.copiedBuffer("220 mail.example.test ESMTP\r\n", StandardCharsets.US_ASCII));
        ByteBuf out = ch.readInbound();
        assertEquals("220 mail.example.test ESMTP\r\n", out.toString(StandardCharsets.US_ASCII));
        out.release();
        assertNull(capture.serverHello());
        assertNull(ch.pipeline().get(ServerHelloCapture.class));
        ch.finishAndReleaseAll();
    }

    @Test
    void stopsAtTheCap() {
        // Handshake records of HelloRequests: valid TLS the parser skips while waiting for a ServerHello,
        // so only the cap ends the capture.
        ServerHelloCapture capture = new ServerHelloCapture();
        EmbeddedChannel ch = new EmbeddedChannel(capture);
        byte[] helloRequests = {0x16, 0x03, 0x03, 0, 4, 0, 0, 0, 0};
        int sent = 0;
        while (ch.pipeline().get(ServerHelloCapture.class) != null) {
            ch.writeInbound(Unpooled.wrappedBuffer(helloRequests));
            ((ByteBuf) ch.readInbound()).release();
            sent += helloRequests.length;
            if (sent > 2 * ServerHelloCapture.MAX_BYTES) {
                throw new AssertionError("still capturing after " + sent + " bytes");
            }
        }
        int reads = (ServerHelloCapture.MAX_BYTES + helloRequests.length - 1) / helloRequests.length;
        assertEquals(reads * helloRequests.length, sent, "left at the first read reaching the cap");
        assertNull(capture.serverHello());
        ch.finishAndReleaseAll();
    }

    @Test
    void randomInputNeverThrowsAndPassesEveryByteOn() {
        Random rnd = new Random(20261130L);
        byte[] hello = serverHelloRecord();
        for (int round = 0; round < 2000; round++) {
            byte[] input;
            if (rnd.nextBoolean()) {
                input = new byte[rnd.nextInt(0, 600)];
                rnd.nextBytes(input);
            } else { // a real ServerHello with a few bytes flipped or cut
                input = hello.clone();
                for (int k = rnd.nextInt(1, 4); k > 0; k--) {
                    input[rnd.nextInt(input.length)] = (byte) rnd.nextInt(256);
                }
                input = java.util.Arrays.copyOf(input, rnd.nextInt(1, input.length + 1));
            }
            ServerHelloCapture capture = new ServerHelloCapture();
            EmbeddedChannel ch = new EmbeddedChannel(capture);
            List<Byte> passed = new ArrayList<>();
            int i = 0;
            while (i < input.length) {
                int n = rnd.nextInt(1, 64);
                n = Math.min(n, input.length - i);
                ch.writeInbound(Unpooled.wrappedBuffer(input, i, n));
                ByteBuf out = ch.readInbound();
                while (out.isReadable()) {
                    passed.add(out.readByte());
                }
                out.release();
                i += n;
            }
            assertEquals(input.length, passed.size(), "round " + round);
            for (int k = 0; k < input.length; k++) {
                assertEquals(input[k], passed.get(k), "round " + round + " byte " + k);
            }
            ch.finishAndReleaseAll();
        }
    }
}
