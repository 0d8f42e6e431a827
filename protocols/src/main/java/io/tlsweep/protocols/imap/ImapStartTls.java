package io.tlsweep.protocols.imap;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.text.LineSession;
import java.util.Arrays;
import java.util.Locale;

/**
 * IMAP STARTTLS (RFC 3501 6.2.1, RFC 9051) on 143:
 * <pre>
 * S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.   (* BYE: service_unavailable)
 * C: a1 CAPABILITY                     (only when the greeting carried no capabilities)
 * S: * CAPABILITY IMAP4rev1 STARTTLS / a1 OK done
 * C: a2 STARTTLS                       (STARTTLS not listed: starttls_unsupported)
 * S: a2 OK Begin TLS negotiation now.  (NO/BAD: starttls_rejected)
 * </pre>
 * A {@code * PREAUTH} greeting means the session is already authenticated, where STARTTLS is not
 * allowed: that is starttls_unsupported (and worth seeing: a PREAUTH on a plaintext port is how
 * STARTTLS is stripped).
 */
public final class ImapStartTls implements StartTlsDialect {

    @Override
    public String name() {
        return "imap";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session();
    }

    private static final class Session extends LineSession {
        private enum State { GREETING, CAPABILITY, STARTTLS }

        private static final String CAPABILITY_TAG = "a1";
        private static final String STARTTLS_TAG = "a2";

        private State state = State.GREETING;
        /** Null until a capability list is seen. */
        private Boolean listed;

        Session() {
            super("imap", "STARTTLS");
        }

        @Override
        protected PreludeStep onLine(String line) {
            Response r = Response.parse(line);
            if (r == null) {
                throw mismatch(state == State.GREETING ? "* OK, * PREAUTH or * BYE" : "an IMAP response", line);
            }
            return switch (state) {
                case GREETING -> greeting(r, line);
                case CAPABILITY -> capability(r, line);
                case STARTTLS -> starttls(r, line);
            };
        }

        private PreludeStep greeting(Response r, String line) {
            endGreeting();
            if (!r.untagged()) {
                throw mismatch("an untagged greeting", line);
            }
            noteCapabilities(r.capabilities());
            switch (r.status()) {
                case "OK":
                    if (listed != null) {
                        return decide();
                    }
                    state = State.CAPABILITY;
                    return send(CAPABILITY_TAG + " CAPABILITY");
                case "PREAUTH":
                    advertised(listed);
                    return unsupported("PREAUTH greeting: already authenticated, STARTTLS is not allowed");
                case "BYE":
                    return unavailable("BYE", r.text());
                default:
                    throw mismatch("* OK, * PREAUTH or * BYE", line);
            }
        }

        private PreludeStep capability(Response r, String line) {
            if (r.untagged()) {
                if (r.status().equals("BYE")) {
                    return unavailable("BYE", r.text());
                }
                noteCapabilities(r.capabilities());
                return null;
            }
            requireTag(r, CAPABILITY_TAG, line);
            noteCapabilities(r.capabilities()); // "a1 OK [CAPABILITY ...]" is allowed too
            if (r.status().equals("OK")) {
                if (listed == null) {
                    listed = false; // it completed the command and listed nothing
                }
                return decide();
            }
            if (r.status().equals("NO") || r.status().equals("BAD")) {
                // A server that cannot list capabilities may still upgrade: ask, without knowing.
                state = State.STARTTLS;
                return send(STARTTLS_TAG + " STARTTLS");
            }
            throw mismatch("a1 OK, NO or BAD", line);
        }

        private PreludeStep starttls(Response r, String line) {
            if (r.untagged()) {
                return r.status().equals("BYE") ? rejected("BYE", r.text()) : null;
            }
            requireTag(r, STARTTLS_TAG, line);
            return switch (r.status()) {
                case "OK" -> goAhead("OK", r.text());
                case "NO", "BAD" -> rejected(r.status(), r.text());
                default -> throw mismatch("a2 OK, NO or BAD", line);
            };
        }

        private PreludeStep decide() {
            advertised(listed);
            if (!listed) {
                return unsupported("STARTTLS not in the capability list");
            }
            state = State.STARTTLS;
            return send(STARTTLS_TAG + " STARTTLS");
        }

        private void noteCapabilities(String[] caps) {
            if (caps != null) {
                boolean has = Arrays.stream(caps).anyMatch(c -> c.equalsIgnoreCase("STARTTLS"));
                listed = Boolean.TRUE.equals(listed) || has;
            }
        }

        private void requireTag(Response r, String tag, String line) {
            if (!r.tag().equalsIgnoreCase(tag)) {
                throw mismatch("a response tagged " + tag, line);
            }
        }
    }

    /**
     * One response line: {@code * STATUS rest} or {@code tag STATUS rest}. {@code capabilities} is
     * the list of a {@code * CAPABILITY} line or of a {@code [CAPABILITY ...]} response code, else null.
     */
    private record Response(String tag, String status, String text, String[] capabilities) {

        boolean untagged() {
            return tag.equals("*");
        }

        static Response parse(String line) {
            int sp = line.indexOf(' ');
            if (sp <= 0) {
                return null;
            }
            String tag = line.substring(0, sp);
            if (tag.equals("+")) {
                return null; // a continuation request: we sent nothing that could want one
            }
            int sp2 = line.indexOf(' ', sp + 1);
            String status = (sp2 < 0 ? line.substring(sp + 1) : line.substring(sp + 1, sp2)).toUpperCase(Locale.ROOT);
            String text = sp2 < 0 ? "" : line.substring(sp2 + 1);
            if (status.isEmpty() || !tag.chars().allMatch(Response::isTagChar)) {
                return null;
            }
            String[] caps = null;
            if (status.equals("CAPABILITY")) {
                caps = text.isBlank() ? new String[0] : text.trim().split(" +");
            } else if (text.regionMatches(true, 0, "[CAPABILITY ", 0, 12)) {
                int end = text.indexOf(']');
                caps = (end < 0 ? text.substring(12) : text.substring(12, end)).trim().split(" +");
            }
            return new Response(tag, status, text, caps);
        }

        /** RFC 3501 tag: ASTRING-CHAR minus '+', or '*' for untagged. Control characters mean not IMAP. */
        private static boolean isTagChar(int c) {
            return c > 0x20 && c < 0x7F && c != '(' && c != ')' && c != '{' && c != '%' && c != '"' && c != '\\';
        }
    }
}
