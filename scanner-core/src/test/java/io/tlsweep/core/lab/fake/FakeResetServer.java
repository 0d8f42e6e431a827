package io.tlsweep.core.lab.fake;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;

/**
 * Resets the connection (SO_LINGER 0 close sends RST) without sending a byte. It waits for the
 * ClientHello first: that pins the moment to "connected, handshake in progress" — resetting straight
 * after accept would race the client's own connect completion, and the kernel may then report the
 * reset to connect() instead.
 */
public final class FakeResetServer extends FakeServer {

    public FakeResetServer(InetAddress address) {
        super(address);
        bind();
    }

    @Override
    protected void initConnection(Channel ch) {
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.close();
            }
        });
    }
}
