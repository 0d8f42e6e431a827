package io.tlsweep.core.lab.fake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.PreludeInfo;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A stand-in STARTTLS dialect for tests: a first message (or none), a function from the server's
 * bytes to the next step, and optionally a framing handler for the TLS bytes (as TDS wraps the
 * handshake). Small enough that a test's server speaks it in a few lines; the facts name only it.
 */
public final class ToyDialect implements StartTlsDialect {

    private final String name;
    private final byte[] firstMessage;
    private final Function<ByteBuf, PreludeStep> onData;
    private final Supplier<ChannelHandler> framing;

    /**
     * @param firstMessage what the client sends first, or null when the server speaks first
     * @param framing      makes the TLS framing handler for each connection, or null for plain TLS
     */
    public ToyDialect(String name, byte[] firstMessage, Function<ByteBuf, PreludeStep> onData,
                      Supplier<ChannelHandler> framing) {
        this.name = name;
        this.firstMessage = firstMessage;
        this.onData = onData;
        this.framing = framing;
    }

    /** The server speaks first; {@code onData} decides on its bytes. */
    public static ToyDialect serverFirst(String name, Function<ByteBuf, PreludeStep> onData) {
        return new ToyDialect(name, null, onData, null);
    }

    /** The client says "UP\n", the server answers three bytes ("GO\n"), then TLS (inside {@code framing}). */
    public static ToyDialect upGo(String name, Supplier<ChannelHandler> framing) {
        return new ToyDialect(name, "UP\n".getBytes(StandardCharsets.US_ASCII), in -> {
            if (in.readableBytes() < 3) {
                return PreludeStep.NEED_MORE;
            }
            in.skipBytes(3);
            return PreludeStep.START_TLS;
        }, framing);
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
                return firstMessage == null ? null : firstMessage.clone();
            }

            @Override
            public PreludeStep onData(ByteBuf in) {
                return onData.apply(in);
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
