package io.tlsweep.protocols.detect;

import io.tlsweep.core.engine.ModeObservation;
import io.tlsweep.core.engine.ProbeKind;
import io.tlsweep.core.engine.ProbePlanner;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.protocols.PortCatalogue;
import io.tlsweep.protocols.PortEntry;
import io.tlsweep.protocols.TlsMode;
import java.util.Map;

/**
 * The planner behind {@code --starttls auto}: the port catalogue picks how to reach TLS, and, with
 * detection on, a port that answers in the other mode gets one more attempt in that mode: a
 * plaintext SMTP banner on 465 is upgraded with SMTP STARTTLS; a STARTTLS port that stays silent
 * (it waits for a ClientHello) is tried with implicit TLS. The record then reports the attempt that
 * reached TLS, and {@link ModeDiagnosis} says what was wrong.
 *
 * <p>Entries are looked up by port and transport: a UDP target gets the catalogue's UDP entry
 * ({@code 443/udp} is {@code https-h3}, mode QUIC) and never a STARTTLS dialect, a follow-up or a
 * diagnosis, which are TCP ideas.
 */
public final class ModeStrategy implements ProbePlanner {

    private final Map<String, StartTlsDialect> dialects;
    private final boolean detect;
    private final int acmeHttpPort;

    public ModeStrategy(Map<String, StartTlsDialect> dialects, boolean detect) {
        this(dialects, detect, 0);
    }

    /**
     * @param acmeHttpPort with {@code --acme}, the port whose TCP targets get the plaintext HTTP-01
     *                     request instead of a handshake (80; tests use an ephemeral one); 0 without
     */
    public ModeStrategy(Map<String, StartTlsDialect> dialects, boolean detect, int acmeHttpPort) {
        this.dialects = dialects;
        this.detect = detect;
        this.acmeHttpPort = acmeHttpPort;
    }

    @Override
    public ProbeKind plan(Target target) {
        ProbeKind acme = acmeHttp01(target, acmeHttpPort);
        if (acme != null) {
            return acme;
        }
        PortEntry e = entry(target);
        if (e == null) {
            return ProbeKind.IMPLICIT_TLS;
        }
        if (target.transport() == Transport.UDP) {
            return new ProbeKind(e.service(), null);
        }
        StartTlsDialect d = e.mode() == TlsMode.STARTTLS ? dialects.get(e.protocol()) : null;
        // the web layer speaks HTTP over TCP only (no HTTP/3 request yet)
        return ProbeKind.tls(e.service(), d, d == null && target.transport() == Transport.TCP && PortCatalogue.isWeb(e));
    }

    /**
     * The HTTP-01 kind for a TCP target on {@code acmeHttpPort} (0: never): port 80 under {@code
     * --acme} is asked what a CA asks, whatever {@code --starttls} says. The service stays the
     * catalogue's ("http").
     */
    public static ProbeKind acmeHttp01(Target target, int acmeHttpPort) {
        if (acmeHttpPort <= 0 || target.port() != acmeHttpPort || target.transport() != Transport.TCP) {
            return null;
        }
        return ProbeKind.acmeHttp01(PortCatalogue.lookup(target.port(), Transport.TCP)
                .map(PortEntry::service).orElse(null));
    }

    @Override
    public ProbeKind followUp(Target target, ProbeKind tried, ModeObservation seen) {
        if (!detect || tried.acmeHttp01() || target.transport() == Transport.UDP) {
            return null; // HTTP-01 is a check of plain HTTP, and QUIC has one mode: no guessing for either
        }
        PortEntry entry = entry(target);
        if (tried.dialect() == null) {
            // Implicit TLS met a plaintext greeting: if we speak that protocol, ask it to upgrade.
            if (seen.status() == Status.NOT_TLS) {
                StartTlsDialect d = dialects.get(String.valueOf(BannerClassifier.classify(seen.firstBytes())));
                return d == null ? null : new ProbeKind(tried.service(), d);
            }
            // A port nobody catalogued hung up on our ClientHello without a word: PostgreSQL and
            // slapd do exactly that. Ask the client-first protocols, PostgreSQL first.
            if (entry == null && hungUp(seen)) {
                return clientFirst(tried, "postgres");
            }
            return null;
        }
        if (entry == null) {
            // The client-first chain on an uncatalogued port: PostgreSQL did not answer, try LDAP.
            return "postgres".equals(tried.dialect().name()) && !recognised(seen) ? clientFirst(tried, "ldap") : null;
        }
        if (entry.mode() != TlsMode.STARTTLS) {
            return null;
        }
        // A STARTTLS dialect on its own port met silence (no greeting before the deadline or a
        // close) or TLS bytes: the server waits for a ClientHello.
        boolean silent = seen.prelude() != null && seen.prelude().banner() == null
                && (seen.status() == Status.TIMEOUT || seen.status() == Status.CLOSED
                    || seen.status() == Status.RESET || seen.status() == Status.PROTOCOL_MISMATCH);
        boolean tlsBytes = seen.status() == Status.PROTOCOL_MISMATCH && seen.prelude() != null
                && "tls".equals(BannerClassifier.classify(seen.prelude().banner()));
        return silent || tlsBytes ? new ProbeKind(tried.service(), null) : null;
    }

    private ProbeKind clientFirst(ProbeKind tried, String protocol) {
        StartTlsDialect d = dialects.get(protocol);
        return d == null ? null : new ProbeKind(tried.service(), d);
    }

    private static boolean hungUp(ModeObservation seen) {
        return (seen.status() == Status.CLOSED || seen.status() == Status.RESET) && seen.firstBytes() == null;
    }

    /** The dialect was understood: TLS happened, or the protocol answered the upgrade question. */
    private static boolean recognised(ModeObservation seen) {
        return seen.tlsVersion() != null || seen.status() == Status.SUCCESS || seen.status() == Status.ALERT
                || seen.status() == Status.STARTTLS_UNSUPPORTED || seen.status() == Status.STARTTLS_REJECTED
                || seen.status() == Status.SERVICE_UNAVAILABLE;
    }

    @Override
    public String diagnose(Target target, ModeObservation earlier, ModeObservation last) {
        if (target.transport() == Transport.UDP) {
            return null;
        }
        return ModeDiagnosis.diagnose(target.port(), entry(target), earlier, last);
    }

    private static PortEntry entry(Target target) {
        return PortCatalogue.lookup(target.port(), target.transport() == null ? Transport.TCP : target.transport())
                .orElse(null);
    }
}
