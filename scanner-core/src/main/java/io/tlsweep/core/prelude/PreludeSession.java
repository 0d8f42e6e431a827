package io.tlsweep.core.prelude;

import io.netty.buffer.ByteBuf;
import io.tlsweep.core.result.PreludeInfo;

/**
 * One connection's plaintext negotiation, as a pure state machine over bytes: it never touches a
 * channel, a pipeline or a timer ({@link PreludeHandler} owns those, as Netty's {@code ProxyHandler}
 * owns them for its subclasses). That is what makes a dialect a few dozen lines and testable with a
 * recorded transcript.
 */
public interface PreludeSession {

    /** Bytes to send as soon as the connection is up, or null when the server speaks first. */
    byte[] firstMessage();

    /**
     * Reads as much of {@code in} as it can use and says what next. Bytes it does not consume stay in
     * {@code in} and are offered again with more data. Malformed input: return a
     * {@link PreludeStep.Stop} or throw {@link PreludeProtocolException}; never anything else.
     */
    PreludeStep onData(ByteBuf in);

    /** What was learnt so far (banner, capabilities, the reply to the upgrade request). */
    PreludeInfo facts();
}
