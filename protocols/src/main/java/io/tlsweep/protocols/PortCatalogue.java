package io.tlsweep.protocols;

import io.tlsweep.core.target.Transport;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.tlsweep.core.target.Transport.TCP;
import static io.tlsweep.core.target.Transport.UDP;
import static io.tlsweep.protocols.TlsMode.IMPLICIT;
import static io.tlsweep.protocols.TlsMode.NONE;
import static io.tlsweep.protocols.TlsMode.QUIC;
import static io.tlsweep.protocols.TlsMode.STARTTLS;

/**
 * THE registry of well-known TLS service ports (source: docs/DOMAIN.md; rendered in docs/ports.md,
 * which a test keeps in step). Adding a service is one line in {@link #ENTRIES}.
 *
 * <pre>{@code
 * PortCatalogue.lookup(587, Transport.TCP)   // smtp-submission, protocol "smtp", STARTTLS
 * PortCatalogue.set("mail")                  // {25, 110, 143, 465, 587, 993, 995, 4190}
 * PortListParser.parse("tls,8080")           // sets and ports together
 * }</pre>
 *
 * <p>Named sets: {@code tls} holds every port whose mode is not {@link TlsMode#NONE} (derived, so
 * it cannot forget one); the others are listed per entry. Sets hold port numbers only; which
 * transport to use on a port is a {@link #lookup} question.
 */
public final class PortCatalogue {

    /** The set every TLS-bearing entry belongs to without listing it. */
    public static final String TLS_SET = "tls";

    private static final List<PortEntry> ENTRIES = List.of(
            // --- ADD A SERVICE HERE: port, transport, service, protocol key, mode, sets, notes ---
            e(443, TCP, "https", "https", IMPLICIT, "web", "ALPN picks h2 or http/1.1; ACME TLS-ALPN-01"),
            e(443, UDP, "https-h3", "https", QUIC, "web", "HTTP/3, ALPN h3; often blocked by TCP-only firewalls"),
            e(80, TCP, "http", "http", NONE, "", "plaintext; ACME HTTP-01 and redirects to https"),
            e(8443, TCP, "https-alt", "https", IMPLICIT, "web", "admin consoles, proxies, staging"),
            e(25, TCP, "smtp", "smtp", STARTTLS, "mail", "relay; STARTTLS is opportunistic"),
            e(465, TCP, "smtps", "smtp", IMPLICIT, "mail", "submission over implicit TLS"),
            e(587, TCP, "smtp-submission", "smtp", STARTTLS, "mail", "the modern submission port"),
            e(143, TCP, "imap", "imap", STARTTLS, "mail", ""),
            e(993, TCP, "imaps", "imap", IMPLICIT, "mail", ""),
            e(110, TCP, "pop3", "pop3", STARTTLS, "mail", "STLS"),
            e(995, TCP, "pop3s", "pop3", IMPLICIT, "mail", ""),
            e(4190, TCP, "managesieve", "sieve", STARTTLS, "mail", ""),
            e(21, TCP, "ftp", "ftp", STARTTLS, "", "AUTH TLS; SFTP on 22 is SSH, not TLS"),
            e(990, TCP, "ftps", "ftp", IMPLICIT, "", ""),
            e(389, TCP, "ldap", "ldap", STARTTLS, "directory", "StartTLS extended operation"),
            e(636, TCP, "ldaps", "ldap", IMPLICIT, "directory", ""),
            e(3268, TCP, "ldap-gc", "ldap", NONE, "", "AD Global Catalog, plaintext"),
            e(3269, TCP, "ldap-gc-tls", "ldap", IMPLICIT, "directory", "AD Global Catalog over TLS"),
            e(3306, TCP, "mysql", "mysql", STARTTLS, "db", "in-protocol upgrade (CLIENT_SSL); MariaDB too"),
            e(5432, TCP, "postgres", "postgres", STARTTLS, "db",
                    "SSLRequest; newer servers also take direct TLS with ALPN postgresql"),
            e(1433, TCP, "mssql", "mssql", STARTTLS, "db", "TLS inside the TDS pre-login"),
            e(27017, TCP, "mongodb", "mongodb", IMPLICIT, "db", "when TLS is enabled"),
            e(9200, TCP, "elasticsearch", "https", IMPLICIT, "db,devops", "HTTP API, when security is on; OpenSearch too"),
            e(9300, TCP, "elasticsearch-transport", "elasticsearch", IMPLICIT, "db", "node transport, when security is on"),
            e(6443, TCP, "kubernetes-api", "https", IMPLICIT, "devops", "often requests a client certificate"),
            e(2376, TCP, "docker-tls", "https", IMPLICIT, "devops", "Docker daemon"),
            e(2375, TCP, "docker", "http", NONE, "", "Docker daemon, plaintext"),
            e(5222, TCP, "xmpp-client", "xmpp", STARTTLS, "messaging", "needs the domain, not an IP, in the stream"),
            e(5223, TCP, "xmpps-client", "xmpp", IMPLICIT, "messaging", "legacy direct TLS"),
            e(5269, TCP, "xmpp-server", "xmpp", STARTTLS, "messaging", ""),
            e(5061, TCP, "sips", "sip", IMPLICIT, "messaging", "SIP over TLS"),
            e(119, TCP, "nntp", "nntp", STARTTLS, "", ""),
            e(563, TCP, "nntps", "nntp", IMPLICIT, "", ""),
            e(853, TCP, "dns-over-tls", "dns", IMPLICIT, "", "DoT"));

    /** set name -> sorted unique ports; built once from {@link #ENTRIES}. */
    private static final Map<String, int[]> SETS = buildSets();

    private PortCatalogue() {
    }

    /** Every entry in catalogue order. */
    public static List<PortEntry> entries() {
        return ENTRIES;
    }

    /** The named set of HTTPS ports: the web layer ({@code --http}) asks them even without ALPN. */
    public static final String WEB_SET = "web";

    /** Whether {@code e} is an HTTPS port over TCP (in the {@code web} set, TLS from the first byte). */
    public static boolean isWeb(PortEntry e) {
        return e.transport() == TCP && e.mode() == IMPLICIT && e.sets().contains(WEB_SET);
    }

    /** The service on a port and transport, if it is a catalogued one. */
    public static Optional<PortEntry> lookup(int port, Transport transport) {
        for (PortEntry entry : ENTRIES) {
            if (entry.port() == port && entry.transport() == transport) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** The known set names, sorted. */
    public static Set<String> setNames() {
        return Collections.unmodifiableSet(SETS.keySet());
    }

    /**
     * The ports of a named set, sorted and unique; the name is case-insensitive.
     *
     * @throws IllegalArgumentException for an unknown name (user input goes through
     *                                  {@link PortListParser}, which reports it properly)
     */
    public static int[] set(String name) {
        int[] ports = SETS.get(name.toLowerCase(java.util.Locale.ROOT));
        if (ports == null) {
            throw new IllegalArgumentException("unknown port set: " + name);
        }
        return ports.clone();
    }

    private static Map<String, int[]> buildSets() {
        Map<String, Set<Integer>> byName = new TreeMap<>();
        for (PortEntry entry : ENTRIES) {
            for (String name : entry.sets()) {
                byName.computeIfAbsent(name, k -> new TreeSet<>()).add(entry.port());
            }
        }
        Map<String, int[]> sets = new TreeMap<>();
        byName.forEach((name, ports) -> sets.put(name, ports.stream().mapToInt(Integer::intValue).toArray()));
        return Collections.unmodifiableMap(sets);
    }

    private static PortEntry e(int port, Transport transport, String service, String protocol,
                               TlsMode mode, String sets, String notes) {
        Set<String> names = new TreeSet<>();
        for (String name : sets.split(",")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        if (mode != NONE) {
            names.add(TLS_SET);
        }
        return new PortEntry(port, transport, service, protocol, mode, names, notes);
    }
}
