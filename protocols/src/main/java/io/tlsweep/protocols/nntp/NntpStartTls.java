package io.tlsweep.protocols.nntp;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.text.CodedReply;
import io.tlsweep.protocols.text.LineSession;
import java.util.Locale;

/**
 * NNTP STARTTLS (RFC 4642, RFC 3977) on 119:
 * <pre>
 * S: 200 news.example.com InterNetNews server INN 2.7.1 ready (posting ok)   (201 too; 4xx/5xx: service_unavailable)
 * C: CAPABILITIES
 * S: 101 Capability list: / VERSION 2 / STARTTLS / .   (4xx/5xx: a pre-3977 server, STARTTLS tried without knowing)
 * C: STARTTLS                          (not listed: starttls_unsupported)
 * S: 382 Continue with TLS negotiation (580, 502, ...: starttls_rejected)
 * </pre>
 */
public final class NntpStartTls implements StartTlsDialect {

    @Override
    public String name() {
        return "nntp";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session();
    }

    private static final class Session extends LineSession {
        private enum State { GREETING, CAPABILITIES, CAPABILITY_LIST, STARTTLS }

        private State state = State.GREETING;
        private boolean listed;

        Session() {
            super("nntp", "STARTTLS");
        }

        @Override
        protected PreludeStep onLine(String line) {
            if (state == State.CAPABILITY_LIST) {
                return capabilityLine(line);
            }
            CodedReply reply = CodedReply.single(line);
            if (reply == null) {
                throw mismatch("a reply code", line);
            }
            String code = reply.code();
            switch (state) {
                case GREETING:
                    endGreeting();
                    if (code.equals("200") || code.equals("201")) {
                        state = State.CAPABILITIES;
                        return send("CAPABILITIES");
                    }
                    if (reply.isFailure()) {
                        return unavailable(code, reply.text());
                    }
                    throw mismatch("a 200 or 201 greeting", line);
                case CAPABILITIES:
                    if (code.equals("101")) {
                        state = State.CAPABILITY_LIST;
                        return null;
                    }
                    if (reply.isFailure()) {
                        state = State.STARTTLS; // advertised stays unknown
                        return send("STARTTLS");
                    }
                    throw mismatch("101 or a refusal", line);
                default: // STARTTLS
                    return code.equals("382") ? goAhead(code, reply.text()) : rejected(code, reply.text());
            }
        }

        private PreludeStep capabilityLine(String line) {
            if (line.equals(".")) {
                advertised(listed);
                if (!listed) {
                    return unsupported("STARTTLS not in the capability list");
                }
                state = State.STARTTLS;
                return send("STARTTLS");
            }
            String capa = line.startsWith(".") ? line.substring(1) : line; // RFC 3977 3.1.1 dot-stuffing
            int sp = capa.indexOf(' ');
            listed |= (sp < 0 ? capa : capa.substring(0, sp)).toUpperCase(Locale.ROOT).equals("STARTTLS");
            return null;
        }
    }
}
