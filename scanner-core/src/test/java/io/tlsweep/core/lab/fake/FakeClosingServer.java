package io.tlsweep.core.lab.fake;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;

/**
 * Closes cleanly (FIN) without sending a byte. It reads the ClientHello before closing because
 * Linux answers close() with RST, not FIN, while unread data sits in the receive queue; closing
 * straight after accept would make the outcome depend on whether the ClientHello had arrived.
 */
public final class FakeClosingServer extends FakeServer {

    public FakeClosingServer(InetAddress address) {
        super(address);
        bind();
    }

    @Override
    protected void initConnection(Channel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                ctx.close();
            }
        });
    }
}
