package io.tlsweep.core.lab.fake;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.tlsweep.core.lab.HeldCertificate;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Serves one name only and refuses any other SNI with a fatal {@code unrecognized_name} alert, as
 * Caddy and strict virtual hosts do. JSSE on the server side, because its {@code SNIMatcher} is the
 * portable way to make a server send that alert (Netty's {@code SniHandler} closes without one).
 */
public final class FakeStrictSniServer extends FakeTlsServer {

    private final SslContext context;
    private final String knownName;

    public FakeStrictSniServer(InetAddress address, HeldCertificate cert, String knownName) throws SSLException {
        super(address);
        this.context = SslContextBuilder.forServer(cert.keyPair().getPrivate(), cert.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .build();
        this.knownName = knownName;
        bind();
    }

    @Override
    protected SslHandler newSslHandler(Channel ch) {
        SSLEngine engine = context.newEngine(ch.alloc());
        SSLParameters params = engine.getSSLParameters();
        params.setSNIMatchers(List.of(SNIHostName.createSNIMatcher(Pattern.quote(knownName))));
        engine.setSSLParameters(params);
        return new SslHandler(engine);
    }
}
