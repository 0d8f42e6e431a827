package io.tlsweep.core.engine;

import static io.tlsweep.core.engine.AcmeScans.acmeConfig;
import static io.tlsweep.core.engine.AcmeScans.scanOne;
import static io.tlsweep.core.engine.EngineScans.HANDSHAKE_TIMEOUT;
import static io.tlsweep.core.engine.EngineScans.TOTAL_TIMEOUT;
import static io.tlsweep.core.lab.fake.FakeServer.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SslHandler;
import io.tlsweep.core.lab.fake.FakeTarpitServer;
import io.tlsweep.core.lab.fake.FakeTlsServer;
import io.tlsweep.core.result.AcmeInfo;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The TLS-ALPN-01 half of {@code --acme}: TCP probes of the HTTPS port get a second handshake
 * offering only {@code acme-tls/1}, folded into their one record. Servers on 127.0.0.183-189 that
 * select it, select nothing, refuse with {@code no_application_protocol}, or are not there.
 */
class AcmeTlsAlpnCheckTest {

    private static final String NAME = "acme.lab.test";

    private static ScanConfig config(TlsProvider provider, int httpsPort) throws Exception {
        int unusedHttp;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(loopback(189), 0));
            unusedHttp = s.getLocalPort();
        }
        return acmeConfig(unusedHttp, httpsPort).provider(provider).build();
    }

    private static AcmeInfo.TlsAlpn01 tlsAlpn01(ScanRecord r) {
        assertNotNull(r.acme(), r.toString());
        assertNull(r.acme().http01(), "443 has no HTTP-01 half");
        assertNotNull(r.acme().tlsAlpn01(), r.toString());
        return r.acme().tlsAlpn01();
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aServerThatSelectsAcmeTls1IsAccepted(TlsProvider provider) throws Exception {
        ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(Protocol.ALPN,
                SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT, "acme-tls/1");
        try (FakeTlsServer server = new FakeTlsServer(loopback(185),
                AcmeScans.serverTls().applicationProtocolConfig(alpn).build())) {
            ScanRecord r = scanOne(config(provider, server.port()), server.target(NAME));

            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertNull(r.tls().alpn(), "the scan's own handshake offered h2 and http/1.1 only");
            assertNotNull(r.certs(), "the first handshake's facts are kept");
            assertEquals(new AcmeInfo.TlsAlpn01(true, null), tlsAlpn01(r));
            assertEquals(2, server.accepted(), "the probe, then the check");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aServerWithoutAlpnSelectsNothing(TlsProvider provider) throws Exception {
        try (FakeTlsServer server = new FakeTlsServer(loopback(186), AcmeScans.plainServerTls())) {
            ScanRecord r = scanOne(config(provider, server.port()), server.target(NAME));

            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals(new AcmeInfo.TlsAlpn01(false, "server selected no ALPN protocol"), tlsAlpn01(r));
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aServerThatRefusesUnknownProtocolsAlerts(TlsProvider provider) throws Exception {
        try (FakeTlsServer server = new StrictAlpnServer(loopback(187))) {
            ScanRecord r = scanOne(config(provider, server.port()), server.target(NAME));

            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals("h2", r.tls().alpn(), "the probe's own offer matched");
            AcmeInfo.TlsAlpn01 check = tlsAlpn01(r);
            assertFalse(check.accepted());
            assertEquals("alert:no_application_protocol", check.detail());
        }
    }

    @Test
    void aRefusedPortIsNotChecked() throws Exception {
        InetAddress address = loopback(188);
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            port = s.getLocalPort();
        }
        ScanRecord r = scanOne(config(TlsProvider.preferred(), port), new Target(address, port, Transport.TCP, null, null));

        assertEquals(Status.REFUSED, r.status(), r.toString());
        assertEquals(new AcmeInfo.TlsAlpn01(false, "not checked: connection refused"), tlsAlpn01(r));
    }

    @Test
    void aSilentServerCostsBothHandshakeClocksWithinTheTotal() throws Exception {
        try (FakeTarpitServer server = new FakeTarpitServer(loopback(184))) {
            ScanRecord r = scanOne(config(TlsProvider.preferred(), server.port()), server.target());

            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(new AcmeInfo.TlsAlpn01(false, "no handshake within the timeout"), tlsAlpn01(r));
            assertEquals(2, server.accepted());
            // total_ms covers the check too: two handshake clocks ran one after the other.
            assertTrue(r.timings().totalMs() >= 2 * HANDSHAKE_TIMEOUT.toMillis(), r.timings().toString());
            assertTrue(r.timings().totalMs() < TOTAL_TIMEOUT.toMillis(), r.timings().toString());
        }
    }

    @Test
    void theCheckHasOnlyWhatIsLeftOfTheTotalTimeout() throws Exception {
        try (FakeTarpitServer server = new FakeTarpitServer(loopback(183))) {
            // The probe's handshake clock uses the whole total: nothing is left for the check.
            ScanConfig config = acmeConfig(1, server.port()).handshakeTimeout(TOTAL_TIMEOUT.plusSeconds(1))
                    .totalTimeout(HANDSHAKE_TIMEOUT).build();
            ScanRecord r = scanOne(config, server.target());

            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(new AcmeInfo.TlsAlpn01(false, "not checked: the probe used up its total timeout"),
                    tlsAlpn01(r));
            assertEquals(1, server.accepted(), "no second connection");
        }
    }

    /**
     * Speaks h2 and http/1.1 and, like Go's crypto/tls, refuses a client whose ALPN offer shares none
     * of them with {@code no_application_protocol}. JSSE, so the selector can say no.
     */
    private static final class StrictAlpnServer extends FakeTlsServer {
        private final SSLContext context;

        StrictAlpnServer(InetAddress address) throws Exception {
            super(address);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "lab".toCharArray();
            keys.setKeyEntry("leaf", AcmeScans.CERT.keyPair().getPrivate(), password,
                    AcmeScans.CERT.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            bind();
        }

        @Override
        protected SslHandler newSslHandler(Channel ch) {
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> {
                for (String mine : List.of("h2", "http/1.1")) {
                    if (offered.contains(mine)) {
                        return mine;
                    }
                }
                return offered.isEmpty() ? "" : null; // null: fail with no_application_protocol
            });
            return new SslHandler(engine);
        }
    }
}
