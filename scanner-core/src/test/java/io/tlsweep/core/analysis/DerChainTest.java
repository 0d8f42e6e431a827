package io.tlsweep.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsweep.core.lab.HeldCertificate;
import io.tlsweep.core.lab.TestPki;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DerChainTest {

    private static List<byte[]> der(List<X509Certificate> chain) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            out.add(c.getEncoded());
        }
        return out;
    }

    @Test
    void aChainDecodesInOrderAndStopsAtTheFirstEntryThatIsNoCertificate() throws Exception {
        HeldCertificate leaf = TestPki.create("der").leaf().dnsNames("der.test").build();
        List<byte[]> chain = der(leaf.chain());
        assertEquals(leaf.chain(), DerChain.decode(chain));

        List<byte[]> broken = new ArrayList<>(chain);
        broken.add(1, new byte[] {0x30, 0x03, 0x02, 0x01, 0x00});
        assertEquals(List.of(leaf.certificate()), DerChain.decode(broken), "the prefix before the bad entry");

        broken.add(0, new byte[0]);
        assertTrue(DerChain.decode(broken).isEmpty(), "a broken leaf: no chain");
    }

    /** Bytes from the server: random and mangled input never throws. */
    @Test
    void randomBytesNeverThrow() throws Exception {
        byte[] good = TestPki.create("der-random").leaf().dnsNames("r.test").build().certificate().getEncoded();
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] b = random.nextBoolean() ? new byte[random.nextInt(300)] : good.clone();
            if (b.length == good.length) {
                for (int k = 1 + random.nextInt(8); k > 0; k--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
            } else {
                random.nextBytes(b);
            }
            assertTrue(DerChain.decode(List.of(b)).size() <= 1);
        }
    }
}
