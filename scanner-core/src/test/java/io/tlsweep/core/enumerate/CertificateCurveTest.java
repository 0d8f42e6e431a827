package io.tlsweep.core.enumerate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tlsweep.core.lab.TestPki;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CertificateCurveTest {

    @Test
    void ecdsaLeafNamesItsCurve() throws Exception {
        TestPki pki = TestPki.create("curve");
        byte[] der = pki.leaf().dnsNames("curve.lab.test").build().chain().get(0).getEncoded();
        assertEquals(0x0017, CertificateCurve.of(der));
    }

    @Test
    void garbageIsUnknownNeverAnException() {
        Random random = new Random(7401);
        for (int i = 0; i < 2_000; i++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            assertEquals(-1, CertificateCurve.of(b));
        }
        assertEquals(-1, CertificateCurve.of(null));
    }
}
