package io.tlsweep.protocols;

import io.tlsweep.core.BadInputException;
import io.tlsweep.core.engine.ProbeKind;
import io.tlsweep.core.engine.ProbePlanner;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.engine.ModeObservation;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import io.tlsweep.protocols.detect.ModeStrategy;
import io.tlsweep.protocols.ftp.FtpStartTls;
import io.tlsweep.protocols.imap.ImapStartTls;
import io.tlsweep.protocols.ldap.LdapStartTls;
import io.tlsweep.protocols.mssql.MssqlStartTls;
import io.tlsweep.protocols.mysql.MysqlStartTls;
import io.tlsweep.protocols.nntp.NntpStartTls;
import io.tlsweep.protocols.pop3.Pop3StartTls;
import io.tlsweep.protocols.postgres.PostgresStartTls;
import io.tlsweep.protocols.sieve.SieveStartTls;
import io.tlsweep.protocols.smtp.SmtpStartTls;
import io.tlsweep.protocols.xmpp.XmppStartTls;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * THE registry of STARTTLS-style dialects, and the planner that picks one per target.
 *
 * <p>Adding a protocol is one file under {@code io.tlsweep.protocols.<name>} implementing
 * {@link StartTlsDialect}, plus one line in {@link #DIALECTS} (zmap's "ADD YOUR MODULE HERE").
 * The dialect's {@link StartTlsDialect#name()} is the catalogue's protocol key, which is how
 * {@code --starttls auto} finds it for a port.
 */
public final class Protocols {

    private static final List<StartTlsDialect> DIALECTS = List.of(
            // --- ADD YOUR DIALECT HERE (keep alphabetical) ---
            new FtpStartTls(),
            new ImapStartTls(),
            new LdapStartTls(),
            new MssqlStartTls(),
            new MysqlStartTls(),
            new NntpStartTls(),
            new Pop3StartTls(),
            new PostgresStartTls(),
            new SieveStartTls(),
            new SmtpStartTls(),
            new XmppStartTls()
    );

    private static final Map<String, StartTlsDialect> BY_NAME = DIALECTS.stream()
            .collect(Collectors.toMap(StartTlsDialect::name, d -> d, (a, b) -> {
                throw new IllegalStateException("two dialects named " + a.name());
            }, TreeMap::new));

    private Protocols() {
    }

    /** Every dialect, by name. */
    public static Map<String, StartTlsDialect> dialects() {
        return BY_NAME;
    }

    public static Optional<StartTlsDialect> dialect(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The planner for a {@code --starttls} choice:
     * <ul>
     *   <li>{@code auto}: the port catalogue decides: a STARTTLS port gets its protocol's dialect,
     *       every other port implicit TLS;</li>
     *   <li>{@code none}: implicit TLS everywhere (the service is still named from the catalogue);</li>
     *   <li>a dialect name: that dialect on every port.</li>
     * </ul>
     *
     * @throws BadInputException for an unknown choice, naming the known ones
     */
    public static ProbePlanner planner(String choice) {
        return planner(choice, true);
    }

    /**
     * As {@link #planner(String)}; {@code detect} turns mode detection on (for {@code auto}: a port
     * that answers in the other mode is tried once more in that mode, and diagnosed).
     */
    public static ProbePlanner planner(String choice, boolean detect) {
        return planner(choice, detect, 0);
    }

    /**
     * As {@link #planner(String, boolean)}; with {@code acmeHttpPort} > 0 ({@code --acme}), TCP
     * targets on that port get the ACME HTTP-01 request instead of a handshake, whatever the choice.
     */
    public static ProbePlanner planner(String choice, boolean detect, int acmeHttpPort) {
        String c = choice.toLowerCase(Locale.ROOT).trim();
        if (c.equals("auto")) {
            return new ModeStrategy(BY_NAME, detect, acmeHttpPort);
        }
        if (c.equals("none")) {
            ModeStrategy diagnoseOnly = new ModeStrategy(BY_NAME, false);
            return new ProbePlanner() {
                @Override
                public ProbeKind plan(Target target) {
                    ProbeKind acme = ModeStrategy.acmeHttp01(target, acmeHttpPort);
                    if (acme != null) {
                        return acme;
                    }
                    Optional<PortEntry> e = PortCatalogue.lookup(target.port(), target.transport());
                    boolean web = target.transport() == Transport.TCP && e.map(PortCatalogue::isWeb).orElse(false);
                    return ProbeKind.tls(e.map(PortEntry::service).orElse(null), null, web);
                }

                @Override
                public String diagnose(Target target, ModeObservation earlier, ModeObservation last) {
                    return diagnoseOnly.diagnose(target, earlier, last);
                }
            };
        }
        StartTlsDialect forced = BY_NAME.get(c);
        if (forced == null) {
            TreeSet<String> known = new TreeSet<>(BY_NAME.keySet());
            known.add("auto");
            known.add("none");
            throw new BadInputException("unknown --starttls '" + choice + "' (known: " + String.join(", ", known) + ")");
        }
        // a STARTTLS dialect is a TCP idea: UDP targets (QUIC) are never forced into one
        return target -> {
            ProbeKind acme = ModeStrategy.acmeHttp01(target, acmeHttpPort);
            return acme != null ? acme
                    : new ProbeKind(service(target), target.transport() == Transport.UDP ? null : forced);
        };
    }

    /** The catalogue's service on the target's port and transport, or null. */
    private static String service(Target target) {
        return PortCatalogue.lookup(target.port(), target.transport()).map(PortEntry::service).orElse(null);
    }
}
