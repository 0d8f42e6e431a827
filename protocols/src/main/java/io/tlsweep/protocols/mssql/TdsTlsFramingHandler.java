package io.tlsweep.protocols.mssql;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CoalescingBufferQueue;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.util.ReferenceCountUtil;

/**
 * TDS 7.x's transport for the TLS handshake ([MS-TDS] 2.2.6.5, 3.2.5.1): every handshake flight
 * travels as the payload of PRELOGIN packets behind an 8-byte TDS header. Sits below TLS (between
 * the socket and the {@code SslHandler}) until the handshake has completed, then is removed: from
 * there on TLS records go raw on the wire, and TDS packets travel inside them.
 *
 * <p>Outbound, what TLS writes between two flushes is one flight and becomes one TDS message, as
 * the drivers send it: packets of at most {@link #PACKET_SIZE} bytes (the size in force before
 * LOGIN7 can change it), status EOM on the last. Inbound, packets are reassembled and their
 * payloads go up; their status is not needed, since TLS finds its own record boundaries. Type 0x12
 * is what [MS-TDS] names; 0x04 is accepted too, as older servers and some endpoints answer with it
 * (go-mssqldb #174). Neither is a TLS content type (0x14..0x18), so a peer that answers with raw
 * TLS, or with anything else, is recognised at a packet boundary: from then on its bytes go up
 * unchanged and the {@code SslHandler} judges them (a handshake, or not_tls with the real first
 * bytes). The same handler serves the server side in tests.
 */
public final class TdsTlsFramingHandler extends ChannelDuplexHandler {

    static final int HEADER = 8;
    static final byte TYPE_PRELOGIN = 0x12;
    static final byte TYPE_REPLY = 0x04;
    static final byte STATUS_EOM = 0x01;
    /** The pre-login packet size ([MS-TDS] 2.2.6.4: 4096 until LOGIN7 negotiates another). */
    static final int PACKET_SIZE = 4096;
    /**
     * Largest packet accepted: TDS's largest negotiable packet size. A handshake flight larger than
     * a packet comes as several packets, so anything beyond this is not a TDS peer.
     */
    static final int MAX_PACKET = 32767;

    private CoalescingBufferQueue pendingWrites;
    private ByteBuf inbound;
    private boolean raw;
    private int packetId = 1;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        pendingWrites = new CoalescingBufferQueue(ctx.channel());
        inbound = ctx.alloc().heapBuffer(256);
    }

    /**
     * Removed once the handshake is over: a flight TLS wrote but has not flushed yet (its last
     * handshake message, written just before the handshake future fired) still belongs to the
     * handshake and is wrapped; bytes received but not yet a whole packet go up as they are.
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pendingWrites != null && !pendingWrites.isEmpty()) {
            writePackets(ctx);
        }
        ByteBuf rest = inbound;
        inbound = null;
        if (rest != null) {
            if (rest.isReadable()) {
                ctx.fireChannelRead(rest);
            } else {
                rest.release();
            }
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        pendingWrites.add(buf, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!pendingWrites.isEmpty()) {
            writePackets(ctx);
        }
        ctx.flush();
    }

    private void writePackets(ChannelHandlerContext ctx) {
        while (!pendingWrites.isEmpty()) {
            ChannelPromise promise = ctx.newPromise();
            ByteBuf payload = pendingWrites.remove(ctx.alloc(), PACKET_SIZE - HEADER, promise);
            boolean last = pendingWrites.isEmpty();
            ByteBuf header = ctx.alloc().buffer(HEADER);
            header.writeByte(TYPE_PRELOGIN)
                    .writeByte(last ? STATUS_EOM : 0)
                    .writeShort(HEADER + payload.readableBytes())
                    .writeShort(0) // SPID: the client does not know it yet
                    .writeByte(packetId)
                    .writeByte(0); // window: unused
            packetId = (packetId + 1) & 0xff;
            ctx.write(header);
            ctx.write(payload, promise);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (raw || !(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            inbound.writeBytes(in);
        } finally {
            in.release();
        }
        unwrap(ctx);
    }

    private void unwrap(ChannelHandlerContext ctx) {
        while (inbound.isReadable()) {
            int at = inbound.readerIndex();
            byte type = inbound.getByte(at);
            if (type != TYPE_PRELOGIN && type != TYPE_REPLY) {
                raw = true;
                ctx.fireChannelRead(inbound.readBytes(inbound.readableBytes()));
                break;
            }
            if (inbound.readableBytes() < HEADER) {
                break;
            }
            int length = inbound.getUnsignedShort(at + 2);
            if (length < HEADER || length > MAX_PACKET) {
                inbound.skipBytes(inbound.readableBytes());
                throw new CorruptedFrameException("TDS packet length " + length + " during the TLS handshake");
            }
            if (inbound.readableBytes() < length) {
                break;
            }
            inbound.skipBytes(HEADER);
            if (length > HEADER) {
                // a copy, not a slice: TLS may keep it as its cumulation while we compact ours
                ctx.fireChannelRead(inbound.readBytes(length - HEADER));
            }
        }
        inbound.discardSomeReadBytes();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        pendingWrites.releaseAndFailAll(new java.nio.channels.ClosedChannelException());
        ctx.close(promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pendingWrites != null) {
            pendingWrites.releaseAndFailAll(new java.nio.channels.ClosedChannelException());
        }
        if (inbound != null) {
            ReferenceCountUtil.release(inbound);
            inbound = null;
        }
        ctx.fireChannelInactive();
    }
}
