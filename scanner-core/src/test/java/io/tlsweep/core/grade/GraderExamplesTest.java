package io.tlsweep.core.grade;

import static io.tlsweep.core.grade.RubricLineTest.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.FindingCode;
import io.tlsweep.core.result.Grade;
import io.tlsweep.core.result.Grade.GradeRule;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Worked examples of whole grades (docs/grading.md#worked-examples), score arithmetic and letter edges. */
class GraderExamplesTest {

    private static final Grader GRADER = Grader.standard();

    private static List<String> ids(Grade g) {
        return g.rules().stream().map(GradeRule::id).toList();
    }

    @Test
    void modernEcdheOnlyServerIsAPlus() {
        Grade g = Endpoint.modern().grade(GRADER);
        // protocol (100+100)/2, kex 90 (P-256 = 3072 RSA bits), cipher (100+80)/2: 30 + 27 + 36
        assertEquals("A+", g.letter());
        assertEquals(93, g.score());
        assertTrue(ids(g).contains("bonus.a_plus"), ids(g).toString());
    }

    @Test
    void modernServerWithoutFallbackScsvIsA() {
        Grade g = Endpoint.modern().extensions(true, null, false).grade(GRADER);
        assertEquals("A", g.letter());
        assertEquals(93, g.score());
    }

    @Test
    void tlsOnlyOneThreeNeedsNoRenegotiationOrScsvForAPlus() {
        Grade g = Endpoint.modern().without("TLSv1.2").extensions(null, null, null).grade(GRADER);
        assertEquals("A+", g.letter());
    }

    @Test
    void tls10BesideTls12IsCappedAtB() {
        Grade g = Endpoint.empty().leaf("RSA", 2048)
                .version("TLSv1", List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), List.of("x25519"), null)
                .version("TLSv1.2", List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), List.of("x25519"), null)
                .finding(FindingCode.PROTOCOL_TLS10).grade(GRADER);
        // protocol (100+90)/2 = 95, kex 90 (RSA 2048), cipher 90: 28.5 + 27 + 36 = 91.5, rounded half up
        assertEquals(92, g.score());
        assertEquals("B", g.letter());
        assertTrue(ids(g).containsAll(List.of("letter.a", "cap.tls10")), ids(g).toString());
    }

    @Test
    void tls10OnlyIsCappedAtCForLackingTls12() {
        Grade g = Endpoint.empty().leaf("RSA", 2048)
                .version("TLSv1", List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), List.of("x25519"), null)
                .finding(FindingCode.PROTOCOL_TLS10).grade(GRADER);
        assertEquals(86, g.score()); // 27 + 27 + 32
        assertEquals("C", g.letter());
        assertTrue(ids(g).containsAll(List.of("cap.no_tls12", "cap.tls10")));
    }

    @Test
    void anonymousSuitesAreF() {
        Grade g = Endpoint.modern().plusSuites("TLSv1.2", "TLS_DH_anon_WITH_AES_128_CBC_SHA")
                .finding(FindingCode.CIPHER_ANONYMOUS).grade(GRADER);
        assertEquals("F", g.letter());
        assertEquals(0, g.score());
        assertTrue(ids(g).containsAll(List.of("kex.anonymous", "score.zero", "letter.f", "cap.anonymous")));
    }

    @Test
    void expiredCertificateIsTAndKeepsTheScore() {
        Grade g = Endpoint.modern().finding(FindingCode.EXPIRED).grade(GRADER);
        assertEquals("T", g.letter());
        assertEquals(93, g.score());
        assertTrue(ids(g).containsAll(List.of("letter.a", "cert.expired")));
        assertNull(find(g, "bonus.a_plus"));
    }

    @Test
    void trustOutranksAnFCap() {
        Grade g = Endpoint.modern().finding(FindingCode.CIPHER_EXPORT).finding(FindingCode.UNTRUSTED).grade(GRADER);
        assertEquals("T", g.letter());
    }

    @Test
    void withoutCertificatesKexComesFromTheGroupsAndTheLetterIsT() {
        Grade g = Endpoint.modern().without("TLSv1.2").noCerts().grade(GRADER);
        assertEquals("T", g.letter());
        assertEquals("score:kex=90", find(g, "kex.lt4096").effect());
        assertEquals(93, g.score());
    }

    @Test
    void rsaKeyTransportWithoutCertificatesLeavesKexOutOfTheTotal() {
        Grade g = Endpoint.empty().noCerts()
                .version("TLSv1.2", List.of("TLS_RSA_WITH_AES_128_GCM_SHA256"), List.of(), null).grade(GRADER);
        // (30 * 100 + 40 * 80) / 70 = 88.57
        assertEquals(89, g.score());
        assertTrue(find(g, "weight.kex").detail().contains("not measured"));
        assertEquals(List.of(), ids(g).stream().filter(id -> id.startsWith("kex.")).toList());
    }

    @Test
    void incompleteEnumerationStillGradesButNeverAPlus() {
        Grade g = Endpoint.modern().incomplete().grade(GRADER);
        assertEquals("A", g.letter());
        assertNotNull(find(g, "cap.enum_incomplete"));
    }

    @Test
    void noAcceptedVersionMeansNoGrade() {
        EnumerationInfo nothing = Endpoint.empty().incomplete().enumeration();
        assertNull(GRADER.grade(nothing, List.of(), null));
    }

    @ParameterizedTest(name = "{0} {1} -> kex {2}")
    @CsvSource({"RSA,2047,80", "RSA,2048,90", "RSA,4095,90", "RSA,4096,100", "EC,160,80", "EC,224,90", "EC,384,100",
            "Ed25519,0,90",
            "RSA,1023,40", "RSA,511,20"})
    void kexTableEdges(String algorithm, int bits, int expected) {
        // TLS 1.3 with P-521 only, so the certificate key decides the key-exchange score
        Endpoint e = Endpoint.empty().leaf(algorithm, bits == 0 ? 256 : bits)
                .version("TLSv1.3", List.of("TLS_AES_256_GCM_SHA384"), List.of("secp521r1"), null);
        Grade g = e.grade(GRADER);
        assertEquals(List.of("score:kex=" + expected), g.rules().stream().map(GradeRule::effect)
                .filter(x -> x.startsWith("score:kex")).toList());
    }

    @Test
    void letterScenarioTotals() {
        assertEquals(78, Endpoint.modern().leaf("RSA", 1024).plusSuites("TLSv1.2", "TLS_RSA_WITH_DES_CBC_SHA")
                .grade(GRADER).score());
        assertEquals(60, Endpoint.modern().leaf("RSA", 384).plusSuites("TLSv1.2", "TLS_RSA_WITH_DES_CBC_SHA")
                .grade(GRADER).score());
        assertEquals(44, Endpoint.empty().leaf("RSA", 384).version("TLSv1.2", List.of("TLS_DHE_RSA_WITH_DES_CBC_SHA"),
                List.of(), 2048).grade(GRADER).score());
        assertEquals(34, Endpoint.empty().leaf("RSA", 384).version("SSLv3",
                List.of("TLS_RSA_WITH_DES_CBC_SHA", "TLS_RSA_WITH_NULL_SHA"), List.of(), null).grade(GRADER).score());
    }

    /** The shipped letter lines, applied to totals at each edge (a one-category rubric sets the total). */
    @ParameterizedTest(name = "total {0} -> {1}")
    @CsvSource({"100,A", "80,A", "79,B", "65,B", "64,C", "50,C", "49,D", "35,D", "34,E", "20,E", "19,F", "1,F"})
    void letterThresholdEdges(int total, String letter) throws IOException {
        String letters = RubricLineTest.rubricLines().stream().filter(c -> c[1].equals("letter"))
                .map(c -> String.join("\t", c)).collect(Collectors.joining("\n"));
        String rubric = "p\tprotocol\talways\tpoints:" + total + "\tx\n"
                + "k\tkex\talways\tpoints:100\tx\n"
                + "c\tcipher\talways\tpoints:100\tx\n"
                + "wp\tweight\talways\tweight:protocol=100\tx\n"
                + "wk\tweight\talways\tweight:kex=0\tx\n"
                + "wc\tweight\talways\tweight:cipher=0\tx\n" + letters + "\n";
        Grade g = new Grader(Rubric.load(new StringReader(rubric), "edges")).grade(
                Endpoint.modern().enumeration(), List.of(), Endpoint.modern().certs());
        assertEquals(total, g.score());
        assertEquals(letter, g.letter());
    }

    @Test
    void rulesComeInRubricOrder() {
        List<String> order = Rubric.standard().ids();
        Grade g = Endpoint.modern().leaf("RSA", 1024).finding(FindingCode.EXPIRED).finding(FindingCode.CIPHER_RC4)
                .plusSuites("TLSv1.2", "TLS_RSA_WITH_DES_CBC_SHA").grade(GRADER);
        List<Integer> positions = ids(g).stream().map(order::indexOf).toList();
        List<Integer> sorted = new ArrayList<>(positions);
        sorted.sort(null);
        assertEquals(sorted, positions);
        assertTrue(!positions.contains(-1));
    }

    @Test
    void deterministicAcrossThreads() throws Exception {
        Endpoint e = Endpoint.modern().finding(FindingCode.PROTOCOL_TLS11).plusSuites("TLSv1.2",
                "TLS_RSA_WITH_3DES_EDE_CBC_SHA");
        Grade expected = e.grade(GRADER);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Grade>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                futures.add(pool.submit(() -> e.grade(GRADER)));
            }
            for (Future<Grade> f : futures) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
