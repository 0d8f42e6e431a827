package io.tlsweep.core.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tlsweep.core.tls.wire.Grease;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our JARM hellos against the bytes the reference implementation built with the same "random"
 * values (test resource fingerprint/jarm-reference-hellos.txt, produced by the reference's
 * packet_building with its two random sources replaced by {@link FixedEntropy}'s sequences).
 */
class JarmHelloTest {

    /** The reference's random calls replaced by counters (see the resource's header). */
    static final class FixedEntropy implements JarmEntropy {
        private int bytesCalls;
        private int greaseCalls;

        @Override
        public byte[] bytes(int n) {
            int k = bytesCalls++;
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (k * 37 + i * 7 + 1);
            }
            return b;
        }

        @Override
        public int grease() {
            int k = greaseCalls++;
            return Grease.VALUES.get((k * 5 + 3) % 16);
        }
    }

    @Test
    void everyProbeIsByteForByteTheReferences() {
        List<String[]> lines = ReferenceFixtures.rows("jarm-reference-hellos.txt", " ");
        assertEquals(2 * JarmProbeSpec.PROBES.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String host = lines.get(i)[0];
            JarmProbeSpec probe = JarmProbeSpec.PROBES.get(i % JarmProbeSpec.PROBES.size());
            byte[] ours = JarmHello.build(probe, host, new FixedEntropy()).toRecord();
            assertEquals(lines.get(i)[1], HexFormat.of().formatHex(ours), probe.name() + " for " + host);
        }
    }

    @Test
    void suiteListsHaveTheReferencesLengths() {
        assertEquals(69, JarmHello.ALL_SUITES.size());
        assertEquals(64, JarmHello.NO_TLS13_SUITES.size());
    }
}
