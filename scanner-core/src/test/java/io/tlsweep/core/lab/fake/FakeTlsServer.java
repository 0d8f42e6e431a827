package io.tlsweep.core.lab.fake;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TLS server with whatever {@link SslContext} the test builds (protocol versions, client-auth
 * policy, an odd chain), that also reports how each handshake ended on the server side. The server's
 * view is the evidence when the client's differs: in TLS 1.3 a client finishes its handshake before
 * the server has judged the client's (missing) certificate.
 *
 * <p>Build the context with {@link io.netty.handler.ssl.SslContextBuilder#forServer}; use
 * {@link FakeStrictSniServer} for SNI policies, which need the engine itself.
 */
public class FakeTlsServer extends FakeServer {

    private final SslContext context;
    private final BlockingQueue<Optional<Throwable>> handshakes = new LinkedBlockingQueue<>();

    public FakeTlsServer(InetAddress address, SslContext context) {
        super(address);
        this.context = context;
        bind();
    }

    /** For subclasses that make their own handler in {@link #newSslHandler}. */
    protected FakeTlsServer(InetAddress address) {
        super(address);
        this.context = null;
    }

    protected SslHandler newSslHandler(Channel ch) {
        return context.newHandler(ch.alloc());
    }

    @Override
    protected final void initConnection(Channel ch) {
        SslHandler ssl = newSslHandler(ch);
        ssl.handshakeFuture().addListener(f -> handshakes.add(Optional.ofNullable(f.cause())));
        ch.pipeline().addLast(ssl, Discard.INSTANCE);
    }

    /**
     * How the next server-side handshake ended: empty when it succeeded, else why it failed.
     *
     * @throws AssertionError when no handshake ended within the wait
     */
    public Optional<Throwable> nextHandshakeResult(long timeout, TimeUnit unit) throws InterruptedException {
        Optional<Throwable> result = handshakes.poll(timeout, unit);
        if (result == null) {
            throw new AssertionError("no server-side handshake ended within " + timeout + " " + unit);
        }
        return result;
    }
}
