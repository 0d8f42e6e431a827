package io.tlsweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.ScanRecord;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.result.Timings;
import io.tlsweep.core.sink.NdjsonWriter;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chain cache must be invisible in the output: for varied chains, names, addresses and scan
 * times, a cached analyzer (first call a miss, later calls hits) gives exactly the report, and so
 * the NDJSON line, of an analyzer that recomputes everything.
 */
class CachedAnalysisTest {

    private static final TestPki PKI = TestPki.create("cache");
    private static final TrustAnchors ANCHORS = TrustAnchors.of(List.of(PKI.root().certificate()));
    private static final NdjsonWriter NDJSON = new NdjsonWriter();
    private static final Map<String, List<X509Certificate>> CHAINS = chains();

    /** Varied chains by label: every verdict and finding the analyzer has. */
    private static Map<String, List<X509Certificate>> chains() {
        Instant now = Instant.now();
        Map<String, List<X509Certificate>> chains = new LinkedHashMap<>();
        HeldCertificate good = PKI.leaf().commonName("good.cache.test").dnsNames("good.cache.test", "*.w.cache.test")
                .ipAddresses("127.0.0.10").build();
        chains.put("good", good.chain());
        chains.put("expired", PKI.leaf().dnsNames("old.cache.test")
                .validity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(12))).build().chain());
        chains.put("not yet valid", PKI.leaf().dnsNames("future.cache.test")
                .validity(now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(30))).build().chain());
        chains.put("self-signed", PKI.leaf().commonName("self.cache.test").dnsNames("self.cache.test")
                .selfSigned().build().chain());
        chains.put("incomplete", List.of(PKI.leaf().dnsNames("lonely.cache.test").build().certificate()));
        HeldCertificate inter2 = PKI.newIntermediate("second level CA", PKI.intermediate());
        HeldCertificate deep = PKI.leaf().dnsNames("deep.cache.test").issuedBy(inter2).build();
        chains.put("reversed", List.of(deep.certificate(), PKI.intermediate().certificate(), inter2.certificate()));
        HeldCertificate stranger = PKI.leaf().commonName("stranger.cache.test").selfSigned().build();
        chains.put("extra", List.of(good.certificate(), PKI.intermediate().certificate(), stranger.certificate()));
        chains.put("weak key", PKI.leaf().dnsNames("weak.cache.test").rsa(1024).build().chain());
        HeldCertificate rsaCa = PKI.leaf().commonName("RSA CA").rsa(2048).certificateAuthority()
                .issuedBy(PKI.root()).build();
        chains.put("sha1", PKI.leaf().dnsNames("sha1.cache.test").signatureAlgorithm("SHA1withRSA")
                .issuedBy(rsaCa).build().chain());
        chains.put("empty subject", PKI.leaf().dnsNames("caddy.cache.test").emailAddresses("ops@cache.test")
                .build().chain());
        // An intermediate that expires in 10 days: before then trusted, after it not (the cached
        // PKIX verdict must not leak across that date).
        HeldCertificate shortCa = PKI.leaf().commonName("short CA").certificateAuthority().issuedBy(PKI.root())
                .validity(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(10))).build();
        chains.put("intermediate expires", PKI.leaf().dnsNames("short.cache.test").issuedBy(shortCa)
                .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90))).build().chain());
        // 60 certificates: 58 intermediates under the lab's intermediate, served leaf first.
        HeldCertificate issuer = PKI.intermediate();
        List<X509Certificate> cas = new ArrayList<>();
        for (int i = 0; i < 58; i++) {
            issuer = PKI.leaf().commonName("level " + i + " CA").certificateAuthority().issuedBy(issuer).build();
            cas.add(0, issuer.certificate());
        }
        List<X509Certificate> long60 = new ArrayList<>();
        long60.add(PKI.leaf().dnsNames("long.cache.test").issuedBy(issuer).build().certificate());
        long60.addAll(cas);
        long60.add(PKI.intermediate().certificate());
        assertEquals(60, long60.size());
        chains.put("60 certificates", long60);
        return chains;
    }

    @Test
    void cachedReportsAreTheUncachedReports() throws Exception {
        CertificateAnalyzer cached = new CertificateAnalyzer(ANCHORS);
        CertificateAnalyzer uncached = CertificateAnalyzer.uncached(ANCHORS);
        CertificateAnalyzer pinnedCached = new CertificateAnalyzer(TrustAnchors.of(List.of(CHAINS.get("self-signed").get(0))));
        Instant now = Instant.now();
        List<Instant> times = List.of(now, now.plus(Duration.ofDays(5)), now.plus(Duration.ofDays(20)),
                now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(400)));
        List<String> names = new ArrayList<>(List.of("good.cache.test", "x.w.cache.test", "wrong.cache.test",
                "long.cache.test", "short.cache.test"));
        names.add(null);
        InetAddress ip = InetAddress.getByName("127.0.0.10");
        int compared = 0;
        boolean sawUntrusted = false;
        boolean sawTrusted = false;
        for (var e : CHAINS.entrySet()) {
            for (int round = 0; round < 2; round++) { // round 0 fills the cache, round 1 reads it
                for (Instant t : times) {
                    for (String name : names) {
                        ChainReport expected = uncached.analyze(e.getValue(), name, ip, t);
                        ChainReport actual = cached.analyze(e.getValue(), name, ip, t);
                        String where = e.getKey() + " / " + name + " / " + t + " / round " + round;
                        assertEquals(expected, actual, where);
                        assertEquals(line(expected, t), line(actual, t), where);
                        compared++;
                        if (e.getKey().equals("intermediate expires")) {
                            sawTrusted |= actual.verdict().trusted();
                            sawUntrusted |= !actual.verdict().trusted();
                        }
                    }
                }
            }
        }
        assertTrue(sawTrusted && sawUntrusted, "the short-lived intermediate was seen both valid and expired");
        assertTrue(compared > 500, "compared " + compared);

        List<X509Certificate> self = CHAINS.get("self-signed");
        ChainReport pinnedAgain = null;
        for (int i = 0; i < 2; i++) {
            pinnedAgain = pinnedCached.analyze(self, "self.cache.test", ip, now);
        }
        assertNotNull(pinnedAgain);
        assertTrue(pinnedAgain.verdict().trusted(), "the cache is per analyzer: its own anchors decide");
        assertEquals(List.of("self_signed"), pinnedAgain.findings().stream().map(Finding::code).toList());
    }

    @Test
    void theCacheIsBoundedByEntriesAndWeightOldestOutFirst() {
        ChainFactsCache cache = new ChainFactsCache(3, Long.MAX_VALUE);
        List<X509Certificate> chain = PKI.leaf().dnsNames("bound.cache.test").build().chain();
        List<byte[]> ders = chain.stream().map(CertificateInspector::encoded).toList();
        ChainFacts facts = ChainFacts.of(chain, ders, ANCHORS);
        List<ChainFactsCache.Key> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ChainFactsCache.Key key = ChainFactsCache.key(List.of(new byte[] {(byte) i}));
            keys.add(key);
            cache.put(key, facts);
            if (i == 2) {
                cache.get(keys.get(0)); // touched: now the most recent
            }
        }
        assertEquals(3, cache.size());
        assertNotNull(cache.get(keys.get(0)));
        assertEquals(null, cache.get(keys.get(1)));
        assertEquals(null, cache.get(keys.get(2)));
        assertNotNull(cache.get(keys.get(4)));

        ChainFactsCache light = new ChainFactsCache(1000, 2 * facts.weight);
        for (int i = 0; i < 5; i++) {
            light.put(ChainFactsCache.key(List.of(new byte[] {(byte) i})), facts);
        }
        assertEquals(2, light.size());
    }

    private static String line(ChainReport certs, Instant t) {
        ScanRecord r = new ScanRecord(t, "127.0.0.10", 443, "tcp", null, null, Status.SUCCESS, null, null, 1,
                new Timings(1.0, 2.0, 3.0), null, null, certs, certs.findings());
        return NDJSON.toLine(r);
    }
}
