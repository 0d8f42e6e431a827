package io.tlsweep.protocols.pop3;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.text.LineSession;

/**
 * POP3 STLS (RFC 2595 4, RFC 2449 CAPA) on 110:
 * <pre>
 * S: +OK Dovecot ready.                (-ERR: service_unavailable)
 * C: CAPA
 * S: +OK / TOP / STLS / ... / .        (-ERR: a pre-CAPA server, STLS is tried without knowing)
 * C: STLS                              (STLS not listed: starttls_unsupported)
 * S: +OK Begin TLS negotiation now.    (-ERR: starttls_rejected)
 * </pre>
 */
public final class Pop3StartTls implements StartTlsDialect {

    @Override
    public String name() {
        return "pop3";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session();
    }

    private static final class Session extends LineSession {
        private enum State { GREETING, CAPA, CAPA_LIST, STLS }

        private State state = State.GREETING;
        private boolean listed;

        Session() {
            super("pop3", "STLS");
        }

        @Override
        protected PreludeStep onLine(String line) {
            if (state == State.CAPA_LIST) {
                return capabilityLine(line);
            }
            String status = status(line);
            if (status == null) {
                throw mismatch("+OK or -ERR", line);
            }
            String text = line.length() > status.length() ? line.substring(status.length() + 1) : "";
            boolean ok = status.equals("+OK");
            switch (state) {
                case GREETING:
                    endGreeting();
                    if (!ok) {
                        return unavailable(status, text);
                    }
                    state = State.CAPA;
                    return send("CAPA");
                case CAPA:
                    if (ok) {
                        state = State.CAPA_LIST;
                        return null;
                    }
                    state = State.STLS; // advertised stays unknown
                    return send("STLS");
                default: // STLS
                    return ok ? goAhead(status, text) : rejected(status, text);
            }
        }

        private PreludeStep capabilityLine(String line) {
            if (line.equals(".")) {
                advertised(listed);
                if (!listed) {
                    return unsupported("STLS not in the CAPA list");
                }
                state = State.STLS;
                return send("STLS");
            }
            String capa = line.startsWith(".") ? line.substring(1) : line; // RFC 1939 dot-stuffing
            int sp = capa.indexOf(' ');
            listed |= (sp < 0 ? capa : capa.substring(0, sp)).equalsIgnoreCase("STLS");
            return null;
        }

        /** "+OK" or "-ERR" (any case, RFC 2449 6), followed by the end of the line or a space; else null. */
        private static String status(String line) {
            for (String s : new String[] {"+OK", "-ERR"}) {
                if (line.regionMatches(true, 0, s, 0, s.length())
                        && (line.length() == s.length() || line.charAt(s.length()) == ' ')) {
                    return s;
                }
            }
            return null;
        }
    }
}
