package io.tlsweep.core.grade;

import static io.tlsweep.core.result.FindingCode.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.result.Grade;
import io.tlsweep.core.result.Grade.GradeRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One test per line of the shipped rubric: for each rule, a synthetic endpoint that triggers it
 * (the rule is in the grade with the effect its line states) and, where the rule does not hold for
 * every endpoint, a control endpoint differing in that one respect that does not trigger it.
 * A rubric line without a scenario here fails, so a new rule cannot ship untested.
 */
class RubricLineTest {

    private static final Grader GRADER = Grader.standard();

    /** Trigger and control (null: the rule holds for every endpoint). */
    private record Scenario(Supplier<Endpoint> trigger, Supplier<Endpoint> control) {
    }

    private static final Map<String, Scenario> SCENARIOS = new HashMap<>();

    private static void scenario(String id, Supplier<Endpoint> trigger, Supplier<Endpoint> control) {
        SCENARIOS.put(id, new Scenario(trigger, control));
    }

    /** Every kex above 4096 bits: a 4096-bit RSA key and P-384 groups only. */
    private static Endpoint strongKex() {
        return Endpoint.modern().leaf("RSA", 4096).groups("TLSv1.2", "secp384r1").groups("TLSv1.3", "secp384r1");
    }

    private static Endpoint only256() {
        return Endpoint.modern().version("TLSv1.2", List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
                List.of("x25519"), null).version("TLSv1.3", List.of("TLS_AES_256_GCM_SHA384"), List.of("x25519"), null);
    }

    private static Endpoint only128() {
        return Endpoint.modern().version("TLSv1.2", List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
                List.of("x25519"), null).version("TLSv1.3", List.of("TLS_AES_128_GCM_SHA256"), List.of("x25519"), null);
    }

    private static Endpoint desOnly() {
        return Endpoint.empty().version("TLSv1.2", List.of("TLS_DHE_RSA_WITH_DES_CBC_SHA"), List.of(), 2048);
    }

    static {
        Supplier<Endpoint> modern = Endpoint::modern;
        scenario("proto.sslv3", () -> Endpoint.modern().version("SSLv3", List.of("TLS_RSA_WITH_AES_128_CBC_SHA"),
                List.of(), null), modern);
        scenario("proto.tls10", () -> Endpoint.modern().version("TLSv1", List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
                List.of("x25519"), null), modern);
        scenario("proto.tls11", () -> Endpoint.modern().version("TLSv1.1",
                List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"), List.of("x25519"), null), modern);
        scenario("proto.tls12", modern, () -> Endpoint.modern().without("TLSv1.2"));
        scenario("proto.tls13", modern, () -> Endpoint.modern().without("TLSv1.3"));
        scenario("proto.other", () -> Endpoint.modern().version("SSLv2", List.of(), List.of(), null), modern);
        scenario("kex.anonymous", () -> Endpoint.modern().plusSuites("TLSv1.2", "TLS_DH_anon_WITH_AES_128_CBC_SHA"),
                modern);
        scenario("kex.lt512", () -> Endpoint.modern().leaf("RSA", 384), modern);
        scenario("kex.lt1024", () -> Endpoint.modern().plusSuites("TLSv1.2", "TLS_RSA_EXPORT_WITH_RC4_40_MD5"), modern);
        scenario("kex.lt2048", () -> Endpoint.modern().leaf("RSA", 1024), modern);
        scenario("kex.lt4096", modern, RubricLineTest::strongKex);
        scenario("kex.ge4096", RubricLineTest::strongKex, modern);
        scenario("cipher.none", () -> Endpoint.modern().plusSuites("TLSv1.2", "TLS_RSA_WITH_NULL_SHA"), modern);
        scenario("cipher.lt128", () -> Endpoint.modern().plusSuites("TLSv1.2", "TLS_RSA_WITH_DES_CBC_SHA"), modern);
        scenario("cipher.lt256", modern, RubricLineTest::only256);
        scenario("cipher.ge256", modern, RubricLineTest::only128);
        scenario("weight.protocol", modern, null);
        scenario("weight.kex", modern, null);
        scenario("weight.cipher", modern, null);
        scenario("score.zero", () -> Endpoint.modern().plusSuites("TLSv1.2", "TLS_DH_anon_WITH_AES_128_CBC_SHA"),
                modern);
        // Letters: totals 0.3 P + 0.3 K + 0.4 C, worked out in GraderExamplesTest#letterScenarioTotals.
        Supplier<Endpoint> b = () -> Endpoint.modern().leaf("RSA", 1024).plusSuites("TLSv1.2", "TLS_RSA_WITH_DES_CBC_SHA");
        scenario("letter.a", modern, b);
        scenario("letter.b", b, modern);
        scenario("letter.c", () -> Endpoint.modern().leaf("RSA", 384).plusSuites("TLSv1.2", "TLS_RSA_WITH_DES_CBC_SHA"),
                modern);
        scenario("letter.d", () -> desOnly().leaf("RSA", 384), modern);
        scenario("letter.e", () -> Endpoint.empty().leaf("RSA", 384).version("SSLv3",
                List.of("TLS_RSA_WITH_DES_CBC_SHA", "TLS_RSA_WITH_NULL_SHA"), List.of(), null), modern);
        scenario("letter.f", () -> Endpoint.modern().plusSuites("TLSv1.2", "TLS_DH_anon_WITH_AES_128_CBC_SHA"), modern);
        scenario("cap.export", () -> Endpoint.modern().finding(CIPHER_EXPORT), modern);
        scenario("cap.null", () -> Endpoint.modern().finding(CIPHER_NULL), modern);
        scenario("cap.anonymous", () -> Endpoint.modern().finding(CIPHER_ANONYMOUS), modern);
        scenario("cap.key_lt1024", () -> Endpoint.modern().leaf("RSA", 768), () -> Endpoint.modern().leaf("RSA", 1024));
        scenario("cap.dh_lt1024", () -> Endpoint.modern().plusSuites("TLSv1.2", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")
                .dhBits("TLSv1.2", 768), () -> Endpoint.modern().plusSuites("TLSv1.2",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256").dhBits("TLSv1.2", 1024));
        scenario("cap.sslv3", () -> Endpoint.modern().finding(PROTOCOL_SSLV3), modern);
        scenario("cap.no_tls12", () -> Endpoint.empty().version("TLSv1", List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
                List.of("x25519"), null), () -> Endpoint.modern().without("TLSv1.2"));
        scenario("cap.rc4", () -> Endpoint.modern().finding(CIPHER_RC4), modern);
        scenario("cap.3des", () -> Endpoint.modern().finding(CIPHER_3DES), modern);
        scenario("cap.compression", () -> Endpoint.modern().extensions(true, true, true),
                () -> Endpoint.modern().extensions(true, true, null));
        scenario("cap.tls10", () -> Endpoint.modern().finding(PROTOCOL_TLS10), modern);
        scenario("cap.tls11", () -> Endpoint.modern().finding(PROTOCOL_TLS11), modern);
        scenario("cap.no_fs", () -> Endpoint.modern().finding(NO_FORWARD_SECRECY), modern);
        scenario("cap.no_secure_reneg", () -> Endpoint.modern().finding(NO_SECURE_RENEGOTIATION), modern);
        scenario("cap.cbc_only", () -> Endpoint.modern().finding(CIPHER_CBC_ONLY), modern);
        scenario("cap.weak_key", () -> Endpoint.modern().certFinding(WEAK_KEY), modern);
        scenario("cap.dh_lt2048", () -> Endpoint.modern().plusSuites("TLSv1.2", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")
                .dhBits("TLSv1.2", 1024), () -> Endpoint.modern().plusSuites("TLSv1.2",
                "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256").dhBits("TLSv1.2", 2048));
        scenario("cap.incomplete_chain", () -> Endpoint.modern().certFinding(INCOMPLETE_CHAIN), modern);
        scenario("cap.enum_incomplete", () -> Endpoint.modern().incomplete(), modern);
        scenario("cert.expired", () -> Endpoint.modern().finding(EXPIRED), modern);
        scenario("cert.not_yet_valid", () -> Endpoint.modern().certFinding(NOT_YET_VALID), modern);
        scenario("cert.untrusted", () -> Endpoint.modern().finding(UNTRUSTED), modern);
        scenario("cert.self_signed", () -> Endpoint.modern().certFinding(SELF_SIGNED), modern);
        scenario("cert.name_mismatch", () -> Endpoint.modern().finding(NAME_MISMATCH), modern);
        scenario("cert.weak_signature", () -> Endpoint.modern().certFinding(WEAK_SIGNATURE), modern);
        scenario("cert.missing", () -> Endpoint.modern().noCerts(), modern);
        scenario("bonus.a_plus", modern, () -> Endpoint.modern().extensions(true, null, false));
    }

    /** The shipped rubric's lines, read as plain text (independently of the loader under test). */
    static List<String[]> rubricLines() throws IOException {
        try (InputStream in = Rubric.class.getResourceAsStream(Rubric.RESOURCE)) {
            List<String[]> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line.split("\t"));
                }
            }
            return lines;
        }
    }

    static Stream<Arguments> lines() throws IOException {
        return rubricLines().stream().map(cols -> Arguments.of(cols[0], cols[1], cols[3]));
    }

    /** The effect a rule records in a grade, from its rubric line's kind and effect columns. */
    private static String recordedEffect(String kind, String effect) {
        return switch (kind) {
            case "protocol", "kex", "cipher" -> "score:" + kind + "=" + effect.substring("points:".length());
            case "score" -> "score:total=" + effect.substring("total:".length());
            default -> effect;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void eachRubricLineHasItsEffect(String id, String kind, String effect) {
        Scenario s = SCENARIOS.get(id);
        assertNotNull(s, "no scenario for rubric rule " + id + ": add one to RubricLineTest");
        Grade grade = s.trigger().get().grade(GRADER);
        GradeRule rule = find(grade, id);
        assertNotNull(rule, id + " did not apply to its trigger: " + grade);
        assertEquals(recordedEffect(kind, effect), rule.effect(), id);
        assertFalse(rule.detail().isBlank(), id);
        if (s.control() != null) {
            Grade control = s.control().get().grade(GRADER);
            assertEquals(null, find(control, id), id + " applied to its control: " + control);
        }
        if (kind.equals("cap")) {
            String cap = effect.substring("cap:".length());
            if (cap.equals("T")) {
                assertEquals("T", grade.letter(), id);
            } else if (!grade.letter().equals("T")) {
                assertTrue(Letters.ORDERED.indexOf(grade.letter()) >= Letters.ORDERED.indexOf(cap),
                        id + " left " + grade.letter() + " above its cap " + cap);
            }
        }
        if (kind.equals("bonus")) {
            assertEquals("A+", grade.letter());
        }
        if (kind.equals("letter") && find(grade, "bonus.a_plus") == null && grade.rules().stream()
                .noneMatch(r -> r.effect().startsWith("cap:"))) {
            assertEquals(effect.substring("letter:".length()), grade.letter(), id);
        }
    }

    @Test
    void everyScenarioNamesARubricLine() throws IOException {
        List<String> ids = rubricLines().stream().map(c -> c[0]).toList();
        for (String id : SCENARIOS.keySet()) {
            assertTrue(ids.contains(id), "scenario for a rule the rubric does not have: " + id);
        }
    }

    static GradeRule find(Grade grade, String id) {
        return grade.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
    }
}
