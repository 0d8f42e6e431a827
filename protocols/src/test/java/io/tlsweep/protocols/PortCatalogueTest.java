package io.tlsweep.protocols;

import io.tlsweep.core.target.Transport;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortCatalogueTest {

    @Test
    void tlsSetHoldsEveryRequiredTlsPort() {
        int[] tls = PortCatalogue.set("tls");
        for (int port : new int[]{443, 8443, 465, 587, 25, 993, 143, 995, 110, 636, 389, 3269, 990, 21, 5432,
                3306, 1433, 27017, 6443, 2376, 9200, 5222, 5061, 853, 563, 119, 4190, 5223, 5269, 9300}) {
            assertTrue(Arrays.binarySearch(tls, port) >= 0, "tls set lacks " + port);
        }
        assertFalse(Arrays.binarySearch(tls, 80) >= 0, "80 is plaintext");
        assertFalse(Arrays.binarySearch(tls, 2375) >= 0, "2375 is plaintext");
    }

    @Test
    void requiredSetsExistAndAreSortedUnique() {
        assertTrue(PortCatalogue.setNames().containsAll(Set.of("tls", "web", "mail", "directory", "db", "devops")));
        for (String name : PortCatalogue.setNames()) {
            int[] ports = PortCatalogue.set(name);
            assertTrue(ports.length > 0, name);
            for (int i = 1; i < ports.length; i++) {
                assertTrue(ports[i - 1] < ports[i], name + " not sorted/unique");
            }
        }
        assertArrayEquals(new int[]{25, 110, 143, 465, 587, 993, 995, 4190}, PortCatalogue.set("MAIL"));
        assertArrayEquals(new int[]{389, 636, 3269}, PortCatalogue.set("directory"));
        assertArrayEquals(new int[]{443, 8443}, PortCatalogue.set("web"));
    }

    @Test
    void lookupDistinguishesTransport() {
        PortEntry tcp = PortCatalogue.lookup(443, Transport.TCP).orElseThrow();
        PortEntry udp = PortCatalogue.lookup(443, Transport.UDP).orElseThrow();
        assertEquals(TlsMode.IMPLICIT, tcp.mode());
        assertEquals(TlsMode.QUIC, udp.mode());
        assertEquals("https", udp.protocol());
        PortEntry submission = PortCatalogue.lookup(587, Transport.TCP).orElseThrow();
        assertEquals("smtp-submission", submission.service());
        assertEquals("smtp", submission.protocol());
        assertEquals(TlsMode.STARTTLS, submission.mode());
        assertEquals(TlsMode.STARTTLS, PortCatalogue.lookup(5432, Transport.TCP).orElseThrow().mode());
        assertTrue(PortCatalogue.lookup(8080, Transport.TCP).isEmpty());
        assertTrue(PortCatalogue.lookup(25, Transport.UDP).isEmpty());
    }

    @Test
    void entriesAreUniquePerPortAndTransportAndTlsMembershipFollowsMode() {
        Set<String> seen = new HashSet<>();
        for (PortEntry entry : PortCatalogue.entries()) {
            assertTrue(seen.add(entry.port() + "/" + entry.transport()), "duplicate " + entry);
            assertEquals(entry.mode() != TlsMode.NONE, entry.sets().contains("tls"), entry.toString());
        }
    }

    @Test
    void setReturnsACopy() {
        PortCatalogue.set("web")[0] = 1;
        assertEquals(443, PortCatalogue.set("web")[0]);
    }
}
