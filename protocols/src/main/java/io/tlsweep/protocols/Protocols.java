package io.tlsweep.protocols;

import io.tlsweep.core.BadInputException;
import io.tlsweep.core.engine.ProbeKind;
import io.tlsweep.core.engine.ProbePlanner;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.target.Transport;
import io.tlsweep.protocols.ldap.LdapStartTls;
import io.tlsweep.protocols.mysql.MysqlStartTls;
import io.tlsweep.protocols.postgres.PostgresStartTls;
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
            new LdapStartTls(),
            new MysqlStartTls(),
            new PostgresStartTls(),
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
        String c = choice.toLowerCase(Locale.ROOT).trim();
        if (c.equals("auto")) {
            return target -> {
                PortEntry e = PortCatalogue.lookup(target.port(), Transport.TCP).orElse(null);
                if (e == null) {
                    return ProbeKind.IMPLICIT_TLS;
                }
                StartTlsDialect d = e.mode() == TlsMode.STARTTLS ? BY_NAME.get(e.protocol()) : null;
                return new ProbeKind(e.service(), d);
            };
        }
        if (c.equals("none")) {
            return target -> new ProbeKind(service(target.port()), null);
        }
        StartTlsDialect forced = BY_NAME.get(c);
        if (forced == null) {
            TreeSet<String> known = new TreeSet<>(BY_NAME.keySet());
            known.add("auto");
            known.add("none");
            throw new BadInputException("unknown --starttls '" + choice + "' (known: " + String.join(", ", known) + ")");
        }
        return target -> new ProbeKind(service(target.port()), forced);
    }

    private static String service(int port) {
        return PortCatalogue.lookup(port, Transport.TCP).map(PortEntry::service).orElse(null);
    }
}
