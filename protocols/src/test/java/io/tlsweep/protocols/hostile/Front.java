package io.tlsweep.protocols.hostile;

import io.netty.buffer.ByteBuf;

/**
 * The server's side of one STARTTLS dialect's happy path, up to its go-ahead ("220 Ready to start
 * TLS", "a2 OK", 'S', an LDAP success, {@code <proceed/>}). A front is a pure byte script: the
 * {@link HostileConnection} owns the channel and decides where the {@link HostileBehaviour} cuts in.
 * One instance per connection (fronts may keep state).
 */
public interface Front {

    /** The {@code Protocols} key of the dialect a probe must use against this front. */
    String dialect();

    /** Written on accept; empty for a client-first protocol (LDAP, PostgreSQL, XMPP). */
    byte[] greeting();

    /**
     * Reads one complete client request from {@code in} (leaving the rest) and says what to answer.
     *
     * @return null when {@code in} holds no complete request yet
     */
    Answer answer(ByteBuf in);

    /**
     * True when the client says nothing before the go-ahead is due (MySQL: greeting, then the
     * client's SSLRequest is itself the switch), so a mid-prelude behaviour must replace the greeting.
     */
    default boolean midPreludeAtAccept() {
        return false;
    }

    /** The start of a reply that never ends, in this dialect's shape (a multi-line reply, a huge length field). */
    byte[] endlessStart();

    /** One more piece of the reply that never ends (line {@code n}). */
    byte[] endlessPiece(long n);

    /** Plaintext a hostile server slips in right after its go-ahead, in the same write. */
    default byte[] injection() {
        return "250 injected before TLS\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** What to write back for one request, and whether it is the go-ahead (TLS comes next). */
    record Answer(byte[] reply, boolean goAhead) {
    }
}
