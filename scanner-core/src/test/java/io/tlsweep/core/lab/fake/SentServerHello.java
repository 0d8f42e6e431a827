package io.tlsweep.core.lab.fake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.tlsweep.core.tls.wire.ServerHello;
import io.tlsweep.core.tls.wire.ServerHelloParser;
import io.tlsweep.core.tls.wire.WireFormatException;
import java.util.concurrent.CompletableFuture;

/**
 * For a fake server's {@code startTls(below...)}: parses the TLS bytes the server writes until its
 * ServerHello and passes every write on unchanged, so a test can compare the record's JA3S/JA4S
 * with the ServerHello actually sent. Goes between any protocol framing and the server's TLS handler.
 */
public final class SentServerHello extends ChannelOutboundHandlerAdapter {

    /** Completes with the ServerHello written, or exceptionally when the bytes were not TLS. */
    public final CompletableFuture<ServerHello> hello = new CompletableFuture<>();
    private final ServerHelloParser parser = new ServerHelloParser();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!hello.isDone() && msg instanceof ByteBuf buf) {
            byte[] bytes = ByteBufUtil.getBytes(buf);
            try {
                parser.feed(bytes, 0, bytes.length);
            } catch (WireFormatException e) {
                if (parser.serverHello() == null) {
                    hello.completeExceptionally(e);
                }
            }
            if (parser.serverHello() != null) {
                hello.complete(parser.serverHello());
            }
        }
        ctx.write(msg, promise);
    }
}
