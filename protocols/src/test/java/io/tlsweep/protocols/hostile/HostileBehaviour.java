package io.tlsweep.protocols.hostile;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

/**
 * What a hostile server does once it takes over a connection ({@link Placement}: instead of implicit
 * TLS, in the middle of a STARTTLS prelude, or after the go-ahead). Each constant says where it
 * applies; {@link HostileLab#start} puts it behind the dialect's {@link Front} when there is one.
 *
 * <p>Behaviours that answer a TLS client wait for its first bytes (the ClientHello) before they
 * act, as a real server does, so "reset after ServerHello" is a reset in the handshake and a close
 * is a FIN, not an RST for unread data. Only GARBAGE and ENDLESS speak first, over implicit TLS
 * (a banner where TLS was expected).
 */
public enum HostileBehaviour {

    /** Accepts (and, after a front, greets as far as it goes) and never says another byte. */
    SILENT(true, true, When.NEVER) {
        @Override
        void act(HostileConnection c) {
        }
    },

    /**
     * One byte per {@link HostileLab#dripInterval()}: in TLS, a record header announcing a full
     * fragment and then zeros; in a prelude, the front's endless reply. Each byte re-arms an idle
     * clock; only an overall deadline ends it.
     */
    DRIP(true, true, When.ON_CLIENT_HELLO) {
        @Override
        void act(HostileConnection c) {
            if (c.tlsExpected()) {
                c.drip(TlsRecords::dripByte);
            } else {
                c.drip(new FrontBytes(c.front()));
            }
        }
    },

    /**
     * 4 KiB of seeded random bytes (first byte 0x07: no TLS record or SSLv2 header starts so), then
     * silence. Over implicit TLS it speaks first, like a banner.
     */
    GARBAGE(true, true, When.FIRST_IF_IMPLICIT) {
        @Override
        void act(HostileConnection c) {
            byte[] junk = new byte[4096];
            new Random(20261130L).nextBytes(junk);
            junk[0] = 0x07;
            c.write(junk);
        }
    },

    /**
     * Writes as fast as the client reads, forever: an SMTP-like banner of endless lines where TLS is
     * expected (first, over implicit TLS); the dialect's endless reply (a multi-line reply, a
     * never-ending element or error text, a length field of gigabytes) in a prelude.
     */
    ENDLESS(true, true, When.FIRST_IF_IMPLICIT) {
        @Override
        void act(HostileConnection c) {
            if (c.tlsExpected()) {
                c.write("220 ".getBytes(StandardCharsets.US_ASCII));
                c.pump(n -> Fronts.endlessLines("tlsweep endless banner, line ", n), Long.MAX_VALUE);
            } else {
                c.write(c.front().endlessStart());
                c.pump(c.front()::endlessPiece, Long.MAX_VALUE);
            }
        }
    },

    /** ServerHello, then a Certificate message announcing 10 MiB, streamed in full records as fast as it is read. */
    HUGE_CHAIN(true, false, When.ON_CLIENT_HELLO) {
        @Override
        void act(HostileConnection c) {
            c.write(TlsRecords.serverHello());
            c.write(TlsRecords.hugeCertificateStart());
            c.pump(n -> TlsRecords.hugeCertificateFiller(), TlsRecords.hugeCertificateFillerRecords());
        }
    },

    /** One handshake record announcing 65,535 bytes (over the 18,432 TLS allows), sent whole, then silence. */
    OVERSIZED_RECORD(true, false, When.ON_CLIENT_HELLO) {
        @Override
        void act(HostileConnection c) {
            c.write(TlsRecords.oversizedRecord());
        }
    },

    /** A ServerHello, then a reset (SO_LINGER 0). */
    RESET_AFTER_SERVER_HELLO(true, false, When.ON_CLIENT_HELLO) {
        @Override
        void act(HostileConnection c) {
            c.writeThenReset(TlsRecords.serverHello());
        }
    },

    /** Closes cleanly (FIN): after the ClientHello where TLS is expected, at once in a prelude. */
    CLOSE(true, true, When.ON_CLIENT_HELLO) {
        @Override
        void act(HostileConnection c) {
            c.close();
        }
    },

    /** A fatal handshake_failure alert in answer to the ClientHello, then a close. */
    ALERT(true, false, When.ON_CLIENT_HELLO) {
        @Override
        void act(HostileConnection c) {
            c.writeThenClose(TlsRecords.fatalHandshakeFailure());
        }
    },

    /**
     * STARTTLS only: plaintext right behind the go-ahead, in the same write (a man in the middle's
     * classic), then a real TLS server.
     */
    INJECT(false, false, When.AT_ONCE) {
        @Override
        void act(HostileConnection c) {
            c.serveTls();
        }
    },

    /** A real, valid TLS handshake, then silence: the server never closes and never sends application data. */
    NEVER_CLOSE(true, false, When.AT_ONCE) {
        @Override
        void act(HostileConnection c) {
            c.serveTls();
        }
    };

    /**
     * When a behaviour acts where TLS is expected (in a prelude it always acts at once). Waiting for
     * the ClientHello is what a server does, and after a go-ahead it keeps the behaviour's first
     * bytes out of the go-ahead's read, where the probe would rightly discard them as injected.
     */
    private enum When { NEVER, AT_ONCE, FIRST_IF_IMPLICIT, ON_CLIENT_HELLO }

    private final boolean inTls;
    private final boolean inPrelude;
    private final When when;

    HostileBehaviour(boolean inTls, boolean inPrelude, When when) {
        this.inTls = inTls;
        this.inPrelude = inPrelude;
        this.when = when;
    }

    /** Where this behaviour makes sense: INJECT needs a go-ahead; TLS forgeries need a TLS client. */
    public Set<Placement> placements() {
        EnumSet<Placement> where = EnumSet.noneOf(Placement.class);
        if (inTls) {
            where.add(Placement.IMPLICIT_TLS);
        }
        if (inTls || this == INJECT) {
            where.add(Placement.AFTER_GO_AHEAD);
        }
        if (inPrelude) {
            where.add(Placement.MID_PRELUDE);
        }
        return where;
    }

    /** What the behaviour does, once, on the connection's event loop. */
    abstract void act(HostileConnection c);

    /** The behaviour takes over the connection. */
    final void start(HostileConnection c) {
        boolean now = !c.tlsExpected() ? when != When.NEVER
                : when == When.AT_ONCE || (when == When.FIRST_IF_IMPLICIT && c.front() == null);
        if (now) {
            act(c);
        }
    }

    /** Client bytes after the take-over; all are dropped. The first ones, where TLS is expected, are its ClientHello. */
    final void onClientBytes(HostileConnection c, ByteBuf in, boolean first) {
        in.skipBytes(in.readableBytes());
        if (first && c.tlsExpected() && (when == When.ON_CLIENT_HELLO
                || (when == When.FIRST_IF_IMPLICIT && c.front() != null))) {
            act(c);
        }
    }

    /** The front's endless reply as a byte stream, for dripping. */
    private static final class FrontBytes implements java.util.function.LongUnaryOperator {
        private final Front front;
        private byte[] current;
        private int at;
        private long piece = -1;

        FrontBytes(Front front) {
            this.front = front;
            this.current = front.endlessStart();
        }

        @Override
        public long applyAsLong(long n) {
            while (at >= current.length) {
                current = front.endlessPiece(++piece);
                at = 0;
            }
            return current[at++];
        }
    }
}
