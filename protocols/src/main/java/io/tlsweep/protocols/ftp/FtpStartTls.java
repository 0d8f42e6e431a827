package io.tlsweep.protocols.ftp;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.text.CodedReply;
import io.tlsweep.protocols.text.CodedReplyReader;
import io.tlsweep.protocols.text.LineSession;
import java.util.Arrays;
import java.util.Locale;

/**
 * FTP AUTH TLS (RFC 4217) on 21:
 * <pre>
 * S: 220 (vsFTPd 3.0.3)               (1xx first: wait for the 220; 4xx/5xx: service_unavailable)
 * C: FEAT
 * S: 211-Features: / AUTH TLS / 211 End  (5xx: an RFC 959 server without FEAT, advertised unknown)
 * C: AUTH TLS                          (sent even when FEAT did not list it: FEAT is optional)
 * S: 234 Proceed with negotiation.     (anything else: starttls_rejected)
 * </pre>
 */
public final class FtpStartTls implements StartTlsDialect {

    @Override
    public String name() {
        return "ftp";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session();
    }

    private static final class Session extends LineSession {
        private enum State { GREETING, FEAT, AUTH }

        private final CodedReplyReader replies = new CodedReplyReader("ftp", false);
        private State state = State.GREETING;

        Session() {
            super("ftp", "AUTH TLS");
        }

        @Override
        protected PreludeStep onLine(String line) {
            CodedReply reply = replies.accept(line);
            if (reply == null) {
                return null;
            }
            return switch (state) {
                case GREETING -> greeting(reply);
                case FEAT -> feat(reply);
                case AUTH -> reply.code().equals("234")
                        ? goAhead(reply.code(), reply.text()) : rejected(reply.code(), reply.text());
            };
        }

        private PreludeStep greeting(CodedReply reply) {
            if (reply.code().startsWith("1")) {
                return null; // RFC 959: "120 Service ready in nnn minutes", the 220 follows
            }
            endGreeting();
            if (reply.code().equals("220")) {
                state = State.FEAT;
                return send("FEAT");
            }
            if (reply.isFailure()) {
                return unavailable(reply.code(), reply.text());
            }
            throw mismatch("a 220 greeting", reply.code() + " " + reply.text());
        }

        private PreludeStep feat(CodedReply reply) {
            if (reply.code().equals("421")) {
                return unavailable(reply.code(), reply.text());
            }
            if (reply.code().equals("211")) {
                advertised(reply.lines().stream().anyMatch(Session::offersTls));
            } // else FEAT itself is unknown (RFC 2389 is optional): whether AUTH TLS exists is unknown
            state = State.AUTH;
            return send("AUTH TLS");
        }

        /** " AUTH TLS", " AUTH SSL", "AUTH TLS;TLS-C;SSL": an AUTH feature naming TLS. */
        private static boolean offersTls(String feature) {
            String[] words = feature.trim().toUpperCase(Locale.ROOT).split("[ ;,]+");
            return words.length > 1 && words[0].equals("AUTH")
                    && Arrays.stream(words).skip(1).anyMatch(w -> w.equals("TLS") || w.equals("TLS-C"));
        }
    }
}
