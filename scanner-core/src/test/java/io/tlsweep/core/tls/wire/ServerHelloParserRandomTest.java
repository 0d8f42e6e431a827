package io.tlsweep.core.tls.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated input: nothing but {@link WireFormatException} escapes, and how the bytes
 * are chunked never changes the outcome.
 */
class ServerHelloParserRandomTest {

    @Test
    void randomBytesOnlyEverRaiseWireFormatException() {
        Random random = new Random(7101);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(400)];
            random.nextBytes(b);
            if (b.length > 5 && random.nextInt(3) > 0) {
                b[0] = (byte) (20 + random.nextInt(4));
                b[1] = 3;
            }
            outcome(b, random);
        }
    }

    @Test
    void mutatedRealAnswersOnlyEverRaiseWireFormatExceptionAndChunkingDoesNotMatter() throws IOException {
        List<byte[]> real = realAnswers();
        assertTrue(real.size() >= 10);
        Random random = new Random(7102);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = real.get(random.nextInt(real.size())).clone();
            for (int flips = random.nextInt(4); flips > 0 && b.length > 0; flips--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                b = Arrays.copyOf(b, random.nextInt(b.length + 1));
            }
            parsed += outcome(b, random).startsWith("ok") ? 1 : 0;
        }
        assertTrue(parsed > 1_000, "mutations should often still parse: " + parsed);
    }

    @Test
    void capsAreEnforced() {
        // A record longer than 2^14 + 2048.
        byte[] record = {22, 3, 3, (byte) 0x48, 0x01};
        assertThrows(WireFormatException.class, () -> new ServerHelloParser().feed(record, 0, record.length));
        // A handshake message longer than 64 KiB.
        byte[] message = {22, 3, 3, 0, 4, 2, 1, 0, 1};
        assertThrows(WireFormatException.class, () -> new ServerHelloParser().feed(message, 0, message.length));
        // Not TLS at all.
        byte[] http = "HTTP/1.1 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThrows(WireFormatException.class, () -> new ServerHelloParser().feed(http, 0, http.length));
    }

    /** Feeds whole and in random chunks; both must agree. "ok …" or "error …". */
    private static String outcome(byte[] b, Random random) {
        String whole = run(b, new int[] {b.length});
        int[] cuts = new int[1 + random.nextInt(8)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = random.nextInt(b.length + 1);
        }
        Arrays.sort(cuts);
        assertEquals(whole, run(b, cuts), HexFormat.of().formatHex(b));
        return whole;
    }

    private static String run(byte[] b, int[] cuts) {
        ServerHelloParser parser = new ServerHelloParser();
        int from = 0;
        try {
            for (int cut : cuts) {
                if (cut >= from) {
                    parser.feed(b, from, cut - from);
                    from = cut;
                }
            }
            parser.feed(b, from, b.length - from);
            return "ok " + parser.isDone() + " " + ServerHelloParserTest.describe(parser.result());
        } catch (WireFormatException e) {
            return "error " + e.getMessage();
        }
    }

    /** The recorded answers of openssl s_server to JARM's hellos (the JARM differential fixture's first rows). */
    private static List<byte[]> realAnswers() throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                ServerHelloParserRandomTest.class.getResourceAsStream("/fingerprint/jarm-reference-answers.tsv")),
                StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null && out.size() < 20; ) {
                if (!line.startsWith("#")) {
                    out.add(HexFormat.of().parseHex(line.split("\t", -1)[0]));
                }
            }
        }
        // TLS 1.2 flights with a ServerKeyExchange, so mutations reach its reader too.
        out.add(TestFlights.tls12(0xc02f, TestFlights.ecdheParams(NamedGroups.X25519)));
        out.add(TestFlights.tls12(0xc018, TestFlights.ecdheParams(NamedGroups.SECP256R1)));
        out.add(TestFlights.tls12(0x009e, TestFlights.dheParams(java.math.BigInteger.ONE.shiftLeft(1023).add(
                java.math.BigInteger.valueOf(1155)))));
        out.add(TestFlights.tls12(0x0033, TestFlights.dheRaw(new byte[] {0, 0x7f, 1})));
        return out;
    }
}
