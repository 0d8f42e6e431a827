package io.tlsweep.core.lab.fake;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.util.function.Supplier;

/**
 * A TLS server that, after its {@code SslHandler}, runs whatever the test says HTTP should look
 * like: a {@link io.tlsweep.core.lab.LabWebResponder} for well-behaved answers, or a handler that
 * stays silent, resets, floods a header or sends raw HTTP/2 frames. Give the context the ALPN the
 * case needs ({@code LabWebResponder.alpn(...)}).
 */
public final class FakeHttpsServer extends FakeServer {

    private final SslContext context;
    private final Supplier<ChannelHandler> afterTls;

    /** @param afterTls a new handler for each connection, put after the {@code SslHandler} */
    public FakeHttpsServer(InetAddress address, SslContext context, Supplier<ChannelHandler> afterTls) {
        super(address);
        this.context = context;
        this.afterTls = afterTls;
        bind();
    }

    @Override
    protected void initConnection(Channel ch) {
        ch.pipeline().addLast(context.newHandler(ch.alloc()), afterTls.get());
    }
}
