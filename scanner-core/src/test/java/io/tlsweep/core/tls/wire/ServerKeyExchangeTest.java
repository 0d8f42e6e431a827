package io.tlsweep.core.tls.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ServerKeyExchange as the parser keeps it: the (EC)DHE group and the DHE prime size. */
class ServerKeyExchangeTest {

    @Test
    void ecdheNamedCurve() throws WireFormatException {
        ServerFlight f = parse(TestFlights.tls12(0xc02f, TestFlights.ecdheParams(NamedGroups.SECP384R1)));
        assertEquals(NamedGroups.SECP384R1, f.keyExchangeGroup());
        assertNull(f.dhPrimeBits());
        assertTrue(f.serverHelloDone());
    }

    @Test
    void anonymousEcdhUsesTheSameLayout() throws WireFormatException {
        ServerFlight f = parse(TestFlights.tls12(0xc018, TestFlights.ecdheParams(NamedGroups.X25519)));
        assertEquals(NamedGroups.X25519, f.keyExchangeGroup());
    }

    @Test
    void dhePrimeBits() throws WireFormatException {
        BigInteger p = BigInteger.probablePrime(1024, new Random(5));
        ServerFlight f = parse(TestFlights.tls12(0x009e, TestFlights.dheParams(p)));
        assertEquals(1024, f.dhPrimeBits());
        assertNull(f.keyExchangeGroup());
        // A leading zero byte in p does not count.
        byte[] padded = new byte[129];
        System.arraycopy(p.toByteArray(), p.toByteArray().length - 128, padded, 1, 128);
        ServerFlight g = parse(TestFlights.tls12(0x0033, TestFlights.dheRaw(padded)));
        assertEquals(1024, g.dhPrimeBits());
    }

    @Test
    void explicitCurveOrMalformedParametersAreIgnoredNotFatal() throws WireFormatException {
        ServerFlight explicit = parse(TestFlights.tls12(0xc02f, new byte[] {1, 0, 0}));
        assertNull(explicit.keyExchangeGroup());
        assertTrue(explicit.serverHelloDone());
        ServerFlight truncated = parse(TestFlights.tls12(0x009e, new byte[] {0x10}));
        assertNull(truncated.dhPrimeBits());
        assertTrue(truncated.serverHelloDone());
    }

    @Test
    void rsaSuiteKeepsNothing() throws WireFormatException {
        ServerFlight f = parse(TestFlights.tls12(0x002f, null));
        assertNull(f.keyExchangeGroup());
        assertNull(f.dhPrimeBits());
    }

    private static ServerFlight parse(byte[] bytes) throws WireFormatException {
        ServerHelloParser parser = new ServerHelloParser();
        assertTrue(parser.feed(bytes, 0, bytes.length));
        return parser.result();
    }
}
