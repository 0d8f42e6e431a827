package io.tlsweep.core.engine;

import static io.tlsweep.core.engine.AcmeScans.acmeConfig;
import static io.tlsweep.core.engine.AcmeScans.scan;
import static io.tlsweep.core.engine.AcmeScans.scanOne;
import static io.tlsweep.core.engine.EngineScans.HANDSHAKE_TIMEOUT;
import static io.tlsweep.core.engine.EngineScans.TOTAL_TIMEOUT;
import static io.tlsweep.core.lab.fake.FakeHttpServer.path;
import static io.tlsweep.core.lab.fake.FakeHttpServer.requestLine;
import static io.tlsweep.core.lab.fake.FakeHttpServer.response;
import static io.tlsweep.core.lab.fake.FakeServer.loopback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.lab.fake.FakeBannerServer;
import io.tlsweep.core.lab.fake.FakeClosingServer;
import io.tlsweep.core.lab.fake.FakeEndlessBannerServer;
import io.tlsweep.core.lab.fake.FakeHttpServer;
import io.tlsweep.core.lab.fake.FakeResetServer;
import io.tlsweep.core.lab.fake.FakeTarpitServer;
import io.tlsweep.core.result.AcmeInfo;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.core.tls.TlsProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTTP-01 half of {@code --acme} through the whole engine: in-process origins on 127.0.0.156-183
 * (ephemeral ports standing in for 80 and 443) answering, redirecting well and badly, refusing,
 * staying silent, or talking nonsense; each case checked on its one record.
 */
class AcmeHttp01ProbeTest {

    private static final Pattern CHALLENGE =
            Pattern.compile("GET /\\.well-known/acme-challenge/([A-Za-z0-9_-]+) HTTP/1\\.1");
    private static final String NAME = "acme.lab.test";

    /** A port on {@code address} where nothing listens: bound, then closed again. */
    private static int closedPort(InetAddress address) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        }
    }

    private static AcmeInfo.Http01 http01(ScanRecord r) {
        assertNotNull(r.acme(), r.toString());
        assertNull(r.acme().tlsAlpn01(), "port 80 has no TLS-ALPN-01 half");
        assertNotNull(r.acme().http01(), r.toString());
        return r.acme().http01();
    }

    private static List<String> codes(ScanRecord r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    /** A port-80 answer that counts: success, no TLS, plaintext seen, no finding. */
    private static void assertAnsweredOverHttp(ScanRecord r) {
        assertEquals(Status.SUCCESS, r.status(), r.toString());
        assertNull(r.phase());
        assertNull(r.error());
        assertNull(r.tls(), "no TLS on port 80");
        assertNull(r.certs());
        assertEquals("none", r.tlsMode());
        assertEquals("http", r.service());
        assertEquals(List.of(), codes(r));
        assertEquals(1, r.attempts());
    }

    @Test
    void a404FromTheOriginIsReadyAndTheRequestIsWhatACaSends() throws Exception {
        try (FakeHttpServer origin = new FakeHttpServer(loopback(160), null, req -> response(404))) {
            ScanConfig config = acmeConfig(origin.port(), closedPort(loopback(160))).build();
            ScanRecord r = scanOne(config, origin.target(NAME));

            assertAnsweredOverHttp(r);
            assertEquals(new AcmeInfo.Http01("ready", 404, null, "answered HTTP 404"), http01(r));
            assertNotNull(r.timings().connectMs());
            assertNull(r.timings().handshakeMs(), "no TLS handshake");

            String req = origin.requests().get(0);
            Matcher m = CHALLENGE.matcher(requestLine(req));
            assertTrue(m.matches(), req);
            assertEquals(43, m.group(1).length(), "a CA's token length");
            assertTrue(req.contains("\r\nHost: " + NAME + "\r\n"), "the name being validated as Host: " + req);
            assertTrue(req.contains("\r\nUser-Agent: tlsweep/test\r\n"), req);
            assertTrue(req.contains("\r\nConnection: close\r\n"), req);
            assertEquals(1, origin.accepted());
        }
    }

    @Test
    void everyProbeHasItsOwnTokenAndAnAddressTargetIsItsOwnHost() throws Exception {
        try (FakeHttpServer a = new FakeHttpServer(loopback(161), null, req -> response(404));
             FakeHttpServer b = new FakeHttpServer(loopback(162), null, req -> response(200))) {
            ScanConfig config = acmeConfig(a.port(), closedPort(loopback(161))).build();
            Target second = new Target(b.address(), b.port(), Transport.TCP, null, null);
            ScanConfig configB = acmeConfig(b.port(), closedPort(loopback(162))).build();
            ScanRecord ra = scanOne(config, a.target());
            ScanRecord rb = scanOne(configB, second);

            assertEquals("ready", http01(ra).result());
            assertEquals(200, http01(rb).status());
            String ta = token(a.requests().get(0));
            String tb = token(b.requests().get(0));
            assertNotEquals(ta, tb, "a fresh token per probe");
            assertTrue(a.requests().get(0).contains("\r\nHost: 127.0.0.161\r\n"), a.requests().get(0));
        }
    }

    private static String token(String requestHead) {
        Matcher m = CHALLENGE.matcher(requestLine(requestHead));
        assertTrue(m.matches(), requestHead);
        assertEquals(43, m.group(1).length());
        return m.group(1);
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aRedirectToHttpsOnThe443PortThatAnswersIsOk(TlsProvider provider) throws Exception {
        try (FakeHttpServer https = new FakeHttpServer(loopback(163), AcmeScans.plainServerTls(),
                req -> response(404))) {
            String location = "https://127.0.0.163:" + https.port() + "/.well-known/acme-challenge/moved";
            try (FakeHttpServer origin = new FakeHttpServer(loopback(164), null,
                    req -> response(301, "Location: " + location))) {
                ScanConfig config = acmeConfig(origin.port(), https.port()).provider(provider).build();
                ScanRecord r = scanOne(config, origin.target(NAME));

                assertAnsweredOverHttp(r);
                AcmeInfo.Http01 h = http01(r);
                assertEquals("redirect_ok", h.result(), h.toString());
                assertEquals(301, h.status(), "the origin's own answer");
                assertEquals(location, h.location());
                assertEquals("followed 1 redirect to https://127.0.0.163/.well-known/acme-challenge/moved, "
                        + "which answered HTTP 404", h.detail());
                // The hop was made over TLS (the server only speaks TLS) with the hop's host as Host.
                assertEquals(1, https.requests().size());
                assertEquals("/.well-known/acme-challenge/moved", path(https.requests().get(0)));
                assertTrue(https.requests().get(0).contains("\r\nHost: 127.0.0.163\r\n"));
            }
        }
    }

    @Test
    void relativeRedirectsAndPlainHttpHopsAreFollowed() throws Exception {
        try (FakeHttpServer origin = new FakeHttpServer(loopback(165), null, req -> switch (path(req)) {
            case "/next" -> response(302, "Location: //127.0.0.165/last?x=1");
            case "/last?x=1" -> response(404);
            default -> response(307, "Location: /next");
        })) {
            ScanConfig config = acmeConfig(origin.port(), closedPort(loopback(165))).build();
            ScanRecord r = scanOne(config, origin.target());

            assertAnsweredOverHttp(r);
            AcmeInfo.Http01 h = http01(r);
            assertEquals("redirect_ok", h.result(), h.toString());
            assertEquals(307, h.status());
            assertEquals("/next", h.location());
            assertTrue(h.detail().startsWith("followed 2 redirects to http://127.0.0.165/last?x=1"), h.detail());
            assertEquals(3, origin.accepted());
        }
    }

    @Test
    void aRedirectToAnotherPortIsBrokenAndNotFollowed() throws Exception {
        try (FakeHttpServer elsewhere = new FakeHttpServer(loopback(166), AcmeScans.plainServerTls(),
                req -> response(404))) {
            String location = "https://127.0.0.166:" + elsewhere.port() + "/";
            try (FakeHttpServer origin = new FakeHttpServer(loopback(167), null,
                    req -> response(302, "Location: " + location))) {
                int https = closedPort(loopback(166));
                ScanConfig config = acmeConfig(origin.port(), https).build();
                ScanRecord r = scanOne(config, origin.target(NAME));

                assertAnsweredOverHttp(r);
                AcmeInfo.Http01 h = http01(r);
                assertEquals("redirect_broken", h.result(), h.toString());
                assertEquals(302, h.status());
                assertEquals(location, h.location());
                assertEquals("redirect to https on port " + elsewhere.port() + " (a CA follows only port "
                        + origin.port() + " for http and " + https + " for https)", h.detail());
                assertEquals(0, elsewhere.accepted(), "a CA would not go there, so neither do we");
            }
        }
    }

    @Test
    void aRedirectToAClosedHttpsPortIsBroken() throws Exception {
        int https = closedPort(loopback(168));
        String location = "https://127.0.0.168/.well-known/acme-challenge/x";
        try (FakeHttpServer origin = new FakeHttpServer(loopback(169), null,
                req -> response(308, "Location: " + location))) {
            ScanConfig config = acmeConfig(origin.port(), https).build();
            ScanRecord r = scanOne(config, origin.target(NAME));

            assertAnsweredOverHttp(r);
            AcmeInfo.Http01 h = http01(r);
            assertEquals("redirect_broken", h.result(), h.toString());
            assertEquals(308, h.status());
            assertEquals("https://127.0.0.168/.well-known/acme-challenge/x: connection refused", h.detail());
        }
    }

    @Test
    void aRedirectToAnHttpsServerThatIsNotHttpIsBroken() throws Exception {
        // TLS completes, but what comes through it is not HTTP.
        try (FakeHttpServer https = new FakeHttpServer(loopback(170), AcmeScans.plainServerTls(),
                req -> "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII))) {
            try (FakeHttpServer origin = new FakeHttpServer(loopback(171), null,
                    req -> response(301, "Location: https://127.0.0.170/"))) {
                ScanRecord r = scanOne(acmeConfig(origin.port(), https.port()).build(), origin.target(NAME));

                assertEquals("redirect_broken", http01(r).result());
                assertEquals("https://127.0.0.170/: not an HTTP response", http01(r).detail());
                assertEquals(Status.SUCCESS, r.status(), "port 80 itself answered");
            }
        }
    }

    @Test
    void aRedirectLoopIsBrokenAfterOneRound() throws Exception {
        try (FakeHttpServer origin = new FakeHttpServer(loopback(172), null, req -> switch (path(req)) {
            case "/a" -> response(301, "Location: /b");
            case "/b" -> response(301, "Location: http://127.0.0.172/a");
            default -> response(301, "Location: /a");
        })) {
            ScanRecord r = scanOne(acmeConfig(origin.port(), closedPort(loopback(172))).build(), origin.target());

            assertAnsweredOverHttp(r);
            assertEquals("redirect_broken", http01(r).result());
            assertEquals("redirect loop: http://127.0.0.172/a was already visited", http01(r).detail());
            assertEquals(3, origin.accepted(), "the challenge path, /a, /b; then /a again is the loop");
        }
    }

    @Test
    void endlessRedirectsStopAtTheCasLimit() throws Exception {
        try (FakeHttpServer origin = new FakeHttpServer(loopback(173), null, req -> {
            String p = path(req);
            int n = p.startsWith("/hop") ? Integer.parseInt(p.substring(4)) + 1 : 1;
            return response(302, "Location: /hop" + n);
        })) {
            ScanRecord r = scanOne(acmeConfig(origin.port(), closedPort(loopback(173))).build(), origin.target());

            assertEquals("redirect_broken", http01(r).result());
            assertEquals("more than 10 redirects", http01(r).detail());
            assertEquals(11, origin.accepted(), "the origin and 10 hops, no more");
        }
    }

    @Test
    void aRedirectToAnotherNameIsResolved() throws Exception {
        // "localhost" is in /etc/hosts as 127.0.0.1: the lookup goes through the resolver path, not a literal.
        try (FakeHttpServer https = new FakeHttpServer(loopback(1), AcmeScans.plainServerTls(), req -> response(404))) {
            try (FakeHttpServer origin = new FakeHttpServer(loopback(174), null,
                    req -> response(301, "Location: https://LOCALHOST/.well-known/acme-challenge/x"))) {
                ScanRecord r = scanOne(acmeConfig(origin.port(), https.port()).build(), origin.target(NAME));

                assertEquals("redirect_ok", http01(r).result(), http01(r).toString());
                assertTrue(https.requests().get(0).contains("\r\nHost: localhost\r\n"), https.requests().get(0));
            }
        }
    }

    @Test
    void aHugeLocationIsFollowedButKeptShortInTheRecord() throws Exception {
        String far = "/" + "a".repeat(10_000);
        try (FakeHttpServer origin = new FakeHttpServer(loopback(156), null,
                req -> path(req).equals(far) ? response(404) : response(302, "Location: " + far))) {
            ScanRecord r = scanOne(acmeConfig(origin.port(), closedPort(loopback(156))).build(), origin.target());

            AcmeInfo.Http01 h = http01(r);
            assertEquals("redirect_ok", h.result());
            assertEquals(512, h.location().length(), "cut at the limit");
            assertTrue(h.detail().length() < 400, h.detail());
            assertEquals(far, path(origin.requests().get(1)), "the hop itself asked for the whole path");
        }
    }

    @Test
    void aRefusedPortIsBlockedWithTheFinding() throws Exception {
        InetAddress address = loopback(175);
        int port = closedPort(address);
        ScanConfig config = acmeConfig(port, closedPort(address)).build();
        ScanRecord r = scanOne(config, new Target(address, port, Transport.TCP, NAME, NAME));

        assertEquals(Status.REFUSED, r.status(), r.toString());
        assertEquals(Phase.CONNECT, r.phase());
        assertEquals("connection refused", r.error());
        assertNull(r.tlsMode(), "nothing learnt about the port");
        assertEquals(new AcmeInfo.Http01("blocked", null, null, "connection refused"), http01(r));
        assertEquals(List.of("acme_http01_blocked"), codes(r));
    }

    @Test
    void aSilentPortIsBlockedWithinTheTimeout() throws Exception {
        try (FakeTarpitServer server = new FakeTarpitServer(loopback(176))) {
            ScanRecord r = scanOne(acmeConfig(server.port(), closedPort(loopback(176))).build(), server.target(NAME));

            assertEquals(Status.TIMEOUT, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("blocked", http01(r).result());
            assertEquals("no HTTP answer within " + HANDSHAKE_TIMEOUT.toMillis() + " ms", http01(r).detail());
            assertEquals(List.of("acme_http01_blocked"), codes(r));
            assertNull(r.tlsMode());
            assertTrue(r.timings().totalMs() >= HANDSHAKE_TIMEOUT.toMillis(), r.timings().toString());
            assertTrue(r.timings().totalMs() < TOTAL_TIMEOUT.toMillis(), r.timings().toString());
        }
    }

    @Test
    void aResetBeforeAnyAnswerIsBlocked() throws Exception {
        try (FakeResetServer server = new FakeResetServer(loopback(177))) {
            ScanRecord r = scanOne(acmeConfig(server.port(), closedPort(loopback(177))).build(), server.target());

            assertEquals(Status.RESET, r.status(), r.toString());
            assertEquals("blocked", http01(r).result());
            assertEquals(List.of("acme_http01_blocked"), codes(r));
        }
    }

    @Test
    void aCloseWithoutAnswerIsAnErrorNotBlocked() throws Exception {
        try (FakeClosingServer server = new FakeClosingServer(loopback(178))) {
            ScanRecord r = scanOne(acmeConfig(server.port(), closedPort(loopback(178))).build(), server.target());

            assertEquals(Status.CLOSED, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("error", http01(r).result());
            assertEquals(List.of(), codes(r), "the port is reachable");
        }
    }

    @Test
    void garbageIsAnErrorShowingTheBytes() throws Exception {
        byte[] garbage = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46, 'x', '\n'};
        try (FakeBannerServer server = new FakeBannerServer(loopback(179), garbage)) {
            ScanRecord r = scanOne(acmeConfig(server.port(), closedPort(loopback(179))).build(), server.target());

            assertEquals(Status.PROTOCOL_MISMATCH, r.status(), r.toString());
            assertEquals(Phase.PRELUDE, r.phase());
            assertEquals("not an HTTP response", r.error());
            assertNull(r.tlsMode());
            assertEquals(new AcmeInfo.Http01("error", null, null,
                    "not an HTTP response: \\x15\\x03\\x01\\x00\\x02\\x02Fx\\n"), http01(r));
            assertEquals(List.of(), codes(r));
        }
    }

    @Test
    void anEndlessHeaderCostsAtMostTheCapAndEndsTheConnection() throws Exception {
        try (FakeEndlessBannerServer server = new FakeEndlessBannerServer(loopback(180),
                "HTTP/1.1 200 OK\r\n", "X-Filler-%d: and so on and so forth\r\n")) {
            ScanRecord r = scanOne(acmeConfig(server.port(), closedPort(loopback(180))).build(), server.target());

            assertEquals(Status.PROTOCOL_MISMATCH, r.status(), r.toString());
            assertEquals("error", http01(r).result());
            assertEquals("HTTP response head larger than 16384 bytes", r.error());
            assertTrue(server.awaitConnectionEnded(5, TimeUnit.SECONDS), "the probe hung up");
            assertTrue(r.timings().totalMs() < TOTAL_TIMEOUT.toMillis(), r.timings().toString());
        }
    }

    @Test
    void port443IsNotAskedHttp01AndOtherPortsCarryNoAcme() throws Exception {
        try (FakeHttpServer origin = new FakeHttpServer(loopback(181), null, req -> response(404));
             FakeTarpitServer other = new FakeTarpitServer(loopback(182))) {
            ScanConfig config = acmeConfig(origin.port(), closedPort(loopback(181))).build();
            Map<String, ScanRecord> records = scan(config, List.of(origin.target(), other.target()));

            assertEquals("ready", http01(records.get(EngineScans.key(origin.target()))).result());
            ScanRecord o = records.get(EngineScans.key(other.target()));
            assertEquals(Status.TIMEOUT, o.status(), "a TLS probe");
            assertNull(o.acme(), "neither the HTTP nor the HTTPS port");
        }
    }
}
