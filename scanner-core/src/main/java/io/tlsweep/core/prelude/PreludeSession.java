package io.tlsweep.core.prelude;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
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

    /**
     * A handler to put between the socket and the {@code SslHandler} for the TLS handshake, or null
     * (the usual case: TLS records go raw on the wire). Asked once, after {@link PreludeStep#START_TLS}.
     * It exists for protocols that carry the handshake inside their own framing, like TDS 7.x, which
     * wraps every handshake flight in PRELOGIN packets. The probe installs it below TLS and removes it
     * once the handshake has completed (from then on the records are raw); it must therefore pass on,
     * when removed, whatever it still holds. The session only hands the object over: it still never
     * touches the pipeline.
     */
    default ChannelHandler tlsFraming() {
        return null;
    }
}
