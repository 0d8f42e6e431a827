package io.tlsweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.BadInputException;
import io.tlsweep.core.lab.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link PemCertificates} ({@code --ca-file}, {@code inspect --chain}) on PEM files built from real
 * certificates, damaged (bytes of the DER overwritten, base64 broken, END lines missing, blocks of
 * other types, text around) or plain noise: it returns certificates or throws
 * {@link BadInputException} with one line naming the file, never anything else; an undamaged file
 * reads back exactly its certificates.
 */
class PemCertificatesFuzzTest {

    private static final TestPki PKI = TestPki.create("pem-fuzz");
    private static final List<byte[]> DERS = ders();

    private static List<byte[]> ders() {
        try {
            return List.of(PKI.leaf().dnsNames("a.lab.test").build().certificate().getEncoded(),
                    PKI.intermediate().certificate().getEncoded(), PKI.root().certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    private static String block(String type, byte[] der, boolean closed) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n" + (closed ? "-----END " + type + "-----\n" : "");
    }

    @Provide
    Arbitrary<String> blocks() {
        Arbitrary<byte[]> der = Arbitraries.of(DERS);
        Arbitrary<byte[]> damagedDer = Combinators.combine(der, Arbitraries.integers().between(0, 2000), Arbitraries.bytes())
                .as((d, at, v) -> {
                    byte[] c = d.clone();
                    c[at % c.length] = v;
                    return c;
                });
        Arbitrary<String> good = der.map(d -> block("CERTIFICATE", d, true));
        Arbitrary<String> bad = Arbitraries.oneOf(
                damagedDer.map(d -> block("CERTIFICATE", d, true)),
                der.map(d -> block("CERTIFICATE", d, false)),
                der.map(d -> block("PRIVATE KEY", d, true)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(d -> block("CERTIFICATE", d, true)),
                der.map(d -> block("CERTIFICATE", d, true).replace('A', '*')),
                Arbitraries.of("subject=CN = a\n", "-----BEGIN CERTIFICATE-----\n", "-----END CERTIFICATE-----\n", "\u0000\u00ff\n",
                        "-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\n\n-----END X-----\n"));
        return Arbitraries.frequencyOf(Tuple.of(2, good), Tuple.of(3, bad));
    }

    @Property(tries = 300, seed = "7468")
    void certificatesOrOneClearLine(@ForAll List<@net.jqwik.api.From("blocks") String> blocks) throws IOException {
        Path file = Files.createTempFile("pem-fuzz", ".pem");
        try {
            Files.writeString(file, String.join("", blocks), StandardCharsets.ISO_8859_1);
            List<X509Certificate> read = PemCertificates.read(file, "chain file");
            assertFalse(read.isEmpty());
        } catch (BadInputException e) {
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + file + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("Input length"), "the decoder's message says nothing: " + e.getMessage());
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 100, seed = "1422")
    void anUndamagedFileReadsBackItsCertificates(@ForAll List<@net.jqwik.api.constraints.IntRange(min = 0, max = 2) Integer> which)
            throws IOException, CertificateEncodingException {
        net.jqwik.api.Assume.that(!which.isEmpty());
        StringBuilder pem = new StringBuilder("a bundle\n");
        for (int i : which) {
            pem.append("subject=...\n").append(block("CERTIFICATE", DERS.get(i), true));
        }
        Path file = Files.createTempFile("pem-fuzz", ".pem");
        try {
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            List<X509Certificate> read = PemCertificates.read(file, "chain file");
            assertEquals(which.size(), read.size());
            for (int i = 0; i < which.size(); i++) {
                assertTrue(java.util.Arrays.equals(DERS.get(which.get(i)), read.get(i).getEncoded()));
            }
        } finally {
            Files.delete(file);
        }
    }
}
