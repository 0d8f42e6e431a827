package io.tlsweep.protocols.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tlsweep.core.analysis.CertificateAnalyzer;
import io.tlsweep.core.analysis.TrustAnchors;
import io.tlsweep.core.engine.ModeObservation;
import io.tlsweep.core.engine.ProbeKind;
import io.tlsweep.core.engine.ProbePlanner;
import io.tlsweep.core.engine.ScanConfig;
import io.tlsweep.core.engine.ScanEngine;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.protocols.Protocols;
import io.tlsweep.protocols.testing.ScriptedServer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --acme} in the planners: port 80 (or the injected port) gets the HTTP-01 kind, nothing else does. */
class AcmePlanningTest {

    private static Target tcp(int port) throws Exception {
        return new Target(InetAddress.getByName("127.0.0.190"), port, Transport.TCP, null, null);
    }

    @Test
    void port80UnderAcmeIsHttp01WithTheCatalogueService() throws Exception {
        ProbePlanner auto = Protocols.planner("auto", true, 80);
        ProbeKind k = auto.plan(tcp(80));
        assertTrue(k.acmeHttp01());
        assertNull(k.dialect());
        assertEquals("http", k.service(), "the record's service stays http");
        assertEquals("none", k.tlsMode());

        assertFalse(auto.plan(tcp(443)).acmeHttp01(), "443 is a TLS probe (TLS-ALPN-01 follows it)");
        assertFalse(auto.plan(new Target(InetAddress.getByName("127.0.0.190"), 80, Transport.UDP, null, null))
                .acmeHttp01(), "UDP is never HTTP-01");
        assertFalse(Protocols.planner("auto", true).plan(tcp(80)).acmeHttp01(), "without --acme");
        assertFalse(Protocols.planner("auto", true, 0).plan(tcp(80)).acmeHttp01(), "0 is off");
    }

    @Test
    void theChoiceOfStarttlsDoesNotMatterOnTheAcmePort() throws Exception {
        for (String choice : new String[] {"none", "smtp", "auto"}) {
            ProbePlanner p = Protocols.planner(choice, false, 8080);
            assertTrue(p.plan(tcp(8080)).acmeHttp01(), choice);
            assertFalse(p.plan(tcp(80)).acmeHttp01(), choice + ": only the configured port");
        }
        assertNotNull(Protocols.planner("smtp", false, 8080).plan(tcp(25)).dialect());
    }

    @Test
    void noModeDetectionAfterAnHttp01Attempt() throws Exception {
        // An uncatalogued port that hangs up would normally be asked PostgreSQL's SSLRequest next.
        ModeStrategy detect = new ModeStrategy(Protocols.dialects(), true, 40080);
        ModeObservation hungUp = new ModeObservation("implicit", null, Status.CLOSED, null, null, null);
        assertNotNull(detect.followUp(tcp(40081), ProbeKind.IMPLICIT_TLS, hungUp), "the ordinary chain");
        ProbeKind http01 = detect.plan(tcp(40080));
        assertTrue(http01.acmeHttp01());
        assertNull(detect.followUp(tcp(40080), http01,
                new ModeObservation("none", null, Status.CLOSED, null, null, null)));
    }

    /** The real planner and engine together: an origin on an ephemeral "port 80" answers 404. */
    @Test
    void throughTheEngineThePlannedPortGetsTheChallengeRequest() throws Exception {
        Queue<String> requests = new ConcurrentLinkedQueue<>();
        try (ScriptedServer origin = new ScriptedServer(191, null, new ScriptedServer.Script() {
            @Override
            public void received(ScriptedServer.Conversation c, ByteBuf in) {
                String seen = in.toString(StandardCharsets.ISO_8859_1);
                if (seen.contains("\r\n\r\n")) {
                    in.skipBytes(in.readableBytes());
                    requests.add(seen);
                    c.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    c.close();
                }
            }
        })) {
            Target target = origin.target("www.acme.lab.test");
            ScanConfig config = ScanConfig.builder().connectTimeout(Duration.ofSeconds(1))
                    .handshakeTimeout(Duration.ofMillis(1500)).totalTimeout(Duration.ofSeconds(10))
                    .acme(true).acmePorts(target.port(), 1).build();
            CertificateAnalyzer analyzer = new CertificateAnalyzer(
                    TrustAnchors.of(List.of(TestPki.create("acme planning").root().certificate())));
            Queue<ScanRecord> records = new ConcurrentLinkedQueue<>();
            try (ScanEngine engine = new ScanEngine(config, analyzer,
                    Protocols.planner("auto", true, config.acmeHttpPort()))) {
                engine.start(List.of(target).iterator(), records::add).completion().get(60, TimeUnit.SECONDS);
            }
            assertEquals(1, records.size(), records::toString);
            ScanRecord r = records.peek();
            assertEquals(Status.SUCCESS, r.status(), r.toString());
            assertEquals("none", r.tlsMode());
            assertEquals("ready", r.acme().http01().result());
            assertEquals(404, r.acme().http01().status());
            assertTrue(requests.peek().startsWith("GET /.well-known/acme-challenge/"), requests.toString());
            assertTrue(requests.peek().contains("\r\nHost: www.acme.lab.test\r\n"), requests.toString());
        }
    }
}
