package io.tlsweep.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HttpRequestLineTest {

    private static String authority(String ip, int port, String host, String sni) throws Exception {
        return HttpRequestLine.of(new Target(InetAddress.getByName(ip), port, Transport.TCP, host, sni), "ua")
                .authority();
    }

    @Test
    void sniThenHostThenAddressWithThePortUnless443() throws Exception {
        assertEquals("www.example.test", authority("127.0.0.1", 443, "example.test", "www.example.test"));
        assertEquals("example.test:8443", authority("127.0.0.1", 8443, "example.test", null));
        assertEquals("127.0.0.9", authority("127.0.0.9", 443, null, null));
        assertEquals("127.0.0.9:8443", authority("127.0.0.9", 8443, null, null));
        assertEquals("[::1]", authority("::1", 443, null, null));
        assertEquals("[::1]:4433", authority("::1", 4433, null, null));
        assertEquals("[::1]:4433", authority("::1", 4433, "::1", null));
    }

    @Test
    void protocolFollowsAlpnOrTheWebSet() {
        assertEquals("h2", HttpExchange.protocolFor("h2", false));
        assertEquals("http/1.1", HttpExchange.protocolFor("http/1.1", false));
        assertEquals("http/1.1", HttpExchange.protocolFor(null, true));
        assertEquals(null, HttpExchange.protocolFor(null, false));
        assertEquals(null, HttpExchange.protocolFor("acme-tls/1", true));
        assertEquals(null, HttpExchange.protocolFor("h3", true));
    }
}
