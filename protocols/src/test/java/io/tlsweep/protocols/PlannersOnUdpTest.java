package io.tlsweep.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tlsweep.core.engine.ProbeKind;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every --starttls choice plans a UDP target from the catalogue's UDP entry, never with a dialect. */
class PlannersOnUdpTest {

    @ParameterizedTest
    @ValueSource(strings = {"auto", "none", "smtp", "postgres"})
    void udpTargetsGetTheUdpServiceAndNoDialect(String choice) throws Exception {
        InetAddress ip = InetAddress.getByName("127.0.0.21");
        ProbeKind quic = Protocols.planner(choice).plan(new Target(ip, 443, Transport.UDP, null, null));
        assertEquals("https-h3", quic.service());
        assertNull(quic.dialect());
        assertEquals("https", Protocols.planner(choice).plan(new Target(ip, 443, Transport.TCP, null, null)).service());
        assertNull(Protocols.planner(choice).plan(new Target(ip, 25, Transport.UDP, null, null)).dialect());
    }
}
