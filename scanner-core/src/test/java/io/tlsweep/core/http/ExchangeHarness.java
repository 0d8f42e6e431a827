package io.tlsweep.core.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.tlsweep.core.result.HttpInfo;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link HttpExchange} on an {@link EmbeddedChannel}, as the probe runs it: a stand-in named
 * {@code tls} where the {@code SslHandler} sits, the exchange's codec and head handler after it,
 * and last a catcher for whatever the exchange lets through (the probe's place: it classifies I/O
 * errors, anything else would be a parser escaping). Feed the server's decrypted bytes with
 * {@link #feed}; {@link #check} asserts the invariants every input must keep.
 */
final class ExchangeHarness implements AutoCloseable {

    /** Longest {@code error}: a fixed prefix plus an escaped message of at most 200 bytes (4 chars each). */
    static final int MAX_ERROR = 1024;
    /** Longest escaped header value in a record: {@link HeaderText#MAX_VALUE_BYTES} bytes, 4 chars each. */
    static final int MAX_VALUE = 4 * HeaderText.MAX_VALUE_BYTES;

    final EmbeddedChannel channel;
    final List<HttpInfo> results = new ArrayList<>();
    final List<Throwable> escaped = new ArrayList<>();
    private final String protocol;

    ExchangeHarness(String protocol) {
        this.protocol = protocol;
        channel = new EmbeddedChannel();
        channel.pipeline().addLast("tls", new ChannelInboundHandlerAdapter());
        channel.pipeline().addLast("probe", new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                escaped.add(cause);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }
        });
        HttpExchange exchange = new HttpExchange(protocol, new HttpRequestLine("fuzz.test", "tlsweep/fuzz"),
                Duration.ofHours(1), results::add);
        exchange.start(channel, "tls");
    }

    /** Everything the client wrote so far (the request; for h2 the preface and SETTINGS too). */
    byte[] written() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            if (o instanceof ByteBuf b) {
                byte[] bytes = new byte[b.readableBytes()];
                b.getBytes(b.readerIndex(), bytes);
                out.writeBytes(bytes);
            }
            ReferenceCountUtil.release(o);
        }
        return out.toByteArray();
    }

    /** The server's bytes, in reads of {@code chunk} bytes; stops early once the channel closed. */
    void feed(byte[] bytes, int chunk) {
        for (int at = 0; at < bytes.length && channel.isOpen(); at += chunk) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(chunk, bytes.length - at)));
            channel.runPendingTasks();
            written(); // the codec may answer (SETTINGS ack, PING ack): drop it
        }
    }

    /** What every input must leave: at most one result, only I/O errors passed on, bounded text. */
    void check() {
        assertTrue(results.size() <= 1, "results: " + results);
        for (Throwable t : escaped) {
            if (HttpExchange.ioCause(t) == null) {
                fail("escaped the exchange: " + t, t);
            }
        }
        for (HttpInfo info : results) {
            assertTrue(protocol.equals(info.protocol()));
            if (info.error() != null) {
                assertTrue(info.status() == null, "a status beside an error: " + info);
                assertTrue(info.error().length() <= MAX_ERROR, "error of " + info.error().length());
                assertFalse(info.error().contains("\n") || info.error().contains("\r"), info.error());
            } else {
                assertTrue(info.status() != null && info.status() >= 100 && info.status() <= 999, "status " + info.status());
                bounded(info.server());
                bounded(info.location());
                if (info.hsts() != null) {
                    bounded(info.hsts().raw());
                }
                if (info.altSvc() != null) {
                    bounded(info.altSvc().raw());
                    Integer port = info.altSvc().h3Port();
                    assertTrue(port == null || port >= 1 && port <= 65535, "h3 port " + port);
                }
            }
        }
    }

    private static void bounded(String value) {
        if (value != null) {
            assertTrue(value.length() <= MAX_VALUE, "value of " + value.length() + " chars");
            assertFalse(value.contains("\n") || value.contains("\r"), value);
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
