package io.tlsweep.core.lab.fake;

import io.netty.channel.Channel;
import java.net.InetAddress;

/** Accepts, reads the ClientHello, and never answers: the probe can only time out in the handshake. */
public final class FakeTarpitServer extends FakeServer {

    public FakeTarpitServer(InetAddress address) {
        super(address);
        bind();
    }

    @Override
    protected void initConnection(Channel ch) {
        ch.pipeline().addLast(Discard.INSTANCE);
    }
}
