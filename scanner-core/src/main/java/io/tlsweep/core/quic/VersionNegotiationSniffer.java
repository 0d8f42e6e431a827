package io.tlsweep.core.quic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sits on a shared UDP channel in front of Netty's QUIC codec and tells a probe when the server it
 * is talking to answered with Version Negotiation. Netty (quiche) drops such a packet without a
 * trace when it lists no version we speak, and the connection then just times out; a scanner has
 * to say "this server speaks QUIC, but only these versions".
 *
 * <p>A probe registers the source connection ID it chose; a Version Negotiation packet echoes it as
 * its destination ID (RFC 9000 section 17.2.1), which is how it finds its probe among the many
 * connections the channel carries. It must also come from the probe's target address. Every packet
 * is passed on unchanged: the codec still sees all traffic. All state is confined to the channel's
 * event loop, like the QUIC connections themselves.
 */
public final class VersionNegotiationSniffer extends ChannelInboundHandlerAdapter {

    /** What a probe is told. */
    @FunctionalInterface
    public interface Listener {
        /** The target answered with Version Negotiation listing {@code versions} (maybe empty). */
        void versionNegotiation(List<Integer> versions);
    }

    private record Expected(InetSocketAddress remote, Listener listener) {
    }

    private final Map<ByteBuffer, Expected> expected = new HashMap<>();

    /** Watches for a Version Negotiation from {@code remote} to connection ID {@code scid}. Event loop only. */
    public void expect(byte[] scid, InetSocketAddress remote, Listener listener) {
        expected.put(ByteBuffer.wrap(scid.clone()), new Expected(remote, listener));
    }

    /** Stops watching for {@code scid}; every probe calls it when it ends. Event loop only. */
    public void forget(byte[] scid) {
        expected.remove(ByteBuffer.wrap(scid));
    }

    /** Connection IDs being watched (for tests: back to zero when every probe has ended). */
    public int watched() {
        return expected.size();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet && !expected.isEmpty()) {
            ByteBuf content = packet.content();
            if (content.readableBytes() >= 7 && (content.getByte(content.readerIndex()) & 0x80) != 0
                    && content.getInt(content.readerIndex() + 1) == 0) {
                QuicLongHeader header = QuicLongHeader.parse(content);
                if (header != null) {
                    Expected e = expected.get(ByteBuffer.wrap(header.dcid()));
                    if (e != null && e.remote().equals(packet.sender())
                            && !header.supportedVersions().contains(QuicVersions.V1)) {
                        // A list that names our version is not a refusal: RFC 9000 section 6.2 says discard it.
                        forget(header.dcid());
                        e.listener().versionNegotiation(header.supportedVersions());
                    }
                }
            }
        }
        ctx.fireChannelRead(msg);
    }
}
