package io.tlsweep.core.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.PreludeInfo;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The engine tests' toy STARTTLS: the client says "UP\n", the server answers three bytes ("GO\n"),
 * then TLS runs on the same stream, optionally inside a framing handler the dialect supplies (as
 * TDS wraps the handshake). Small enough that a test's server can speak it in a few lines.
 */
final class UpGoDialect implements StartTlsDialect {

    private final String name;
    private final Supplier<ChannelHandler> framing;

    /** @param framing makes the TLS framing handler for each connection, or null for plain TLS */
    UpGoDialect(String name, Supplier<ChannelHandler> framing) {
        this.name = name;
        this.framing = framing;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new PreludeSession() {
            @Override
            public byte[] firstMessage() {
                return "UP\n".getBytes(StandardCharsets.US_ASCII);
            }

            @Override
            public PreludeStep onData(ByteBuf in) {
                if (in.readableBytes() < 3) {
                    return PreludeStep.NEED_MORE;
                }
                in.skipBytes(3);
                return PreludeStep.START_TLS;
            }

            @Override
            public PreludeInfo facts() {
                return new PreludeInfo(name, null, null, null, null, false);
            }

            @Override
            public ChannelHandler tlsFraming() {
                return framing == null ? null : framing.get();
            }
        };
    }
}
