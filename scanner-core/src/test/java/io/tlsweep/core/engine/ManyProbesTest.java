package io.tlsweep.core.engine;

import static io.tlsweep.core.engine.EngineScans.key;
import static io.tlsweep.core.engine.EngineScans.scan;
import static io.tlsweep.core.engine.EngineScans.shortTimeouts;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.lab.fake.FakeBannerServer;
import io.tlsweep.core.lab.fake.FakeClosingServer;
import io.tlsweep.core.lab.fake.FakeServer;
import io.tlsweep.core.lab.fake.FakeTlsServer;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 2000 probes at concurrency 256: 50 loopback addresses x 40 closed ports, with three live servers
 * shuffled in. Every probe yields exactly one record, and the live ones still get their own verdict
 * while hundreds of refusals complete around them.
 */
class ManyProbesTest {

    private static final int HOSTS = 50;
    private static final int PORTS = 40;

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void twoThousandProbesYieldOneRecordEach(TlsProvider provider) throws Exception {
        TestPki pki = TestPki.create("many probes");
        HeldCertificate cert = pki.leaf().ipAddresses("127.0.0.63").build();
        try (FakeTlsServer tls = new FakeTlsServer(FakeServer.loopback(63),
                    SslContextBuilder.forServer(cert.keyPair().getPrivate(), cert.chain().toArray(X509Certificate[]::new))
                            .sslProvider(SslProvider.OPENSSL).build());
             FakeClosingServer closing = new FakeClosingServer(FakeServer.loopback(64));
             FakeBannerServer smtp = new FakeBannerServer(FakeServer.loopback(65),
                     "220 mail ESMTP\r\n".getBytes(StandardCharsets.US_ASCII))) {
            List<Target> targets = new ArrayList<>();
            for (int port : closedPorts(PORTS)) {
                for (int h = 0; h < HOSTS; h++) {
                    targets.add(new Target(FakeServer.loopback(101 + h), port, Transport.TCP, null, null));
                }
            }
            // Three closed probes give way to the live servers, so the total stays 2000.
            targets.subList(0, 3).clear();
            List<Target> live = List.of(tls.target(), closing.target(), smtp.target());
            targets.addAll(live);
            Collections.shuffle(targets, new Random(7));
            assertEquals(HOSTS * PORTS, targets.size());

            // A generous handshake timeout: the one TLS handshake shares two cores with 2000 connects.
            ScanConfig config = shortTimeouts().provider(provider).concurrency(256)
                    .handshakeTimeout(Duration.ofSeconds(5)).build();
            Map<String, ScanRecord> records = scan(config, targets, pki.root().certificate());

            assertEquals(Status.SUCCESS, records.get(key(tls.target())).status(), records.get(key(tls.target())).toString());
            assertEquals(Status.CLOSED, records.get(key(closing.target())).status());
            assertEquals(Status.NOT_TLS, records.get(key(smtp.target())).status());
            for (Target t : targets) {
                if (live.contains(t)) {
                    continue;
                }
                ScanRecord r = records.get(key(t));
                assertEquals(Status.REFUSED, r.status(), r.toString());
                assertEquals(Phase.CONNECT, r.phase());
                assertEquals(1, r.attempts(), "refusals are answers, not retried");
            }
        }
    }

    /**
     * Ports nobody listens on: bound on 127.0.0.1 and released again. Binding fails for a port held
     * on the wildcard address, the usual way a local service would answer on every 127.0.0.x.
     */
    private static List<Integer> closedPorts(int count) throws IOException {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(FakeServer.loopback(1), 0));
                ports.add(s.getLocalPort());
            }
        }
        return List.copyOf(ports);
    }
}
