package io.tlsweep.protocols.smtp;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.text.CodedReply;
import io.tlsweep.protocols.text.CodedReplyReader;
import io.tlsweep.protocols.text.LineSession;
import java.util.Locale;
import java.util.Objects;

/**
 * SMTP STARTTLS (RFC 3207) on 25 and 587:
 * <pre>
 * S: 220 mail.example.com ESMTP Postfix        (any 4xx/5xx greeting: service_unavailable)
 * C: EHLO tlsweep.invalid
 * S: 250-mail.example.com / 250-STARTTLS / 250 CHUNKING   (no STARTTLS: starttls_unsupported)
 * C: STARTTLS
 * S: 220 2.0.0 Ready to start TLS              (anything else: starttls_rejected)
 * </pre>
 * A server that refuses EHLO gets HELO, which has no extensions, so no STARTTLS (RFC 3207 needs EHLO).
 */
public final class SmtpStartTls implements StartTlsDialect {

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session(Objects.requireNonNullElse(options.clientName(), PreludeOptions.DEFAULT_CLIENT_NAME));
    }

    private static final class Session extends LineSession {
        private enum State { GREETING, EHLO, HELO, STARTTLS }

        private final CodedReplyReader replies = new CodedReplyReader("smtp", true);
        private final String clientName;
        private State state = State.GREETING;
        private CodedReply ehloRefusal;

        Session(String clientName) {
            super("smtp", "STARTTLS");
            this.clientName = clientName;
        }

        @Override
        protected PreludeStep onLine(String line) {
            CodedReply reply = replies.accept(line);
            if (reply == null) {
                return null;
            }
            return switch (state) {
                case GREETING -> greeting(reply);
                case EHLO -> ehlo(reply);
                case HELO -> helo(reply);
                case STARTTLS -> reply.code().equals("220")
                        ? goAhead(reply.code(), reply.text()) : rejected(reply.code(), reply.text());
            };
        }

        private PreludeStep greeting(CodedReply reply) {
            endGreeting();
            if (reply.code().equals("220")) {
                state = State.EHLO;
                return send("EHLO " + clientName);
            }
            if (reply.isFailure()) {
                return unavailable(reply.code(), reply.text());
            }
            throw mismatch("a 220 greeting", reply.code() + " " + reply.text());
        }

        private PreludeStep ehlo(CodedReply reply) {
            if (reply.code().equals("250")) {
                // The first line is the server's name; each further line is one extension keyword.
                boolean listed = reply.lines().stream().skip(1).anyMatch(l -> keyword(l).equals("STARTTLS"));
                advertised(listed);
                if (!listed) {
                    return unsupported("STARTTLS not in the EHLO reply");
                }
                state = State.STARTTLS;
                return send("STARTTLS");
            }
            if (reply.code().equals("421")) {
                return unavailable(reply.code(), reply.text());
            }
            if (reply.isFailure()) {
                ehloRefusal = reply;
                state = State.HELO;
                return send("HELO " + clientName);
            }
            throw mismatch("a reply to EHLO", reply.code() + " " + reply.text());
        }

        private PreludeStep helo(CodedReply reply) {
            if (reply.code().equals("250")) {
                advertised(false);
                return unsupported("EHLO refused (" + ehloRefusal.code() + "), HELO has no extensions");
            }
            if (reply.isFailure()) {
                // Neither greeting accepted: the server will not talk to us at all.
                return unavailable(reply.code(), reply.text());
            }
            throw mismatch("a reply to HELO", reply.code() + " " + reply.text());
        }

        private static String keyword(String extensionLine) {
            int sp = extensionLine.indexOf(' ');
            return (sp < 0 ? extensionLine : extensionLine.substring(0, sp)).toUpperCase(Locale.ROOT);
        }
    }
}
