package io.tlsweep.core.lab.fake;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;

/**
 * Speaks first, like SMTP, FTP or a service that prints garbage: sends a fixed banner as soon as it
 * accepts, then reads and ignores the ClientHello and waits, never closing. Whatever the probe
 * reports, it cannot be because the server hung up.
 */
public final class FakeBannerServer extends FakeServer {

    private final byte[] banner;

    public FakeBannerServer(InetAddress address, byte[] banner) {
        super(address);
        this.banner = banner.clone();
        bind();
    }

    @Override
    protected void initConnection(Channel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(banner));
                ctx.fireChannelActive();
            }
        }, Discard.INSTANCE);
    }
}
