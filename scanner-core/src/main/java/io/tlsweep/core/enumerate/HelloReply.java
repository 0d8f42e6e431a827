package io.tlsweep.core.enumerate;

import io.tlsweep.core.tls.wire.ServerFlight;

/**
 * The answer to one raw ClientHello.
 *
 * @param flight  what the server sent in the clear, as far as the parser read it; never null (an
 *                empty flight when no TLS byte arrived)
 * @param failure null when the parser reached the end of the clear-text flight (an alert, a
 *                HelloRetryRequest, a TLS 1.3 ServerHello, ServerHelloDone); otherwise why reading
 *                stopped early
 * @param detail  for humans: the error text behind {@code failure}, or null
 */
public record HelloReply(ServerFlight flight, Failure failure, String detail) {

    /** Why a reply is incomplete. */
    public enum Failure {
        /** The server closed the connection (FIN) before the flight was complete. */
        CLOSED,
        /** The connection was reset. */
        RESET,
        /** The connect, the upgrade or the answer did not come within the scan's timeouts. */
        TIMEOUT,
        /** The connection was refused or the host unreachable. */
        REFUSED,
        /** The bytes do not parse as TLS (see the parser's caps). */
        NOT_TLS,
        /** The STARTTLS upgrade (or protocol framing) before the hello failed. */
        PRELUDE,
        /** A local resource ran out (descriptors, ports) or the scan was cancelled. */
        LOCAL;

        /**
         * True when the server itself turned the hello down by closing or resetting: old servers
         * and middleboxes answer a hello they do not like that way instead of with an alert. The
         * other failures say nothing about the hello and make an enumeration incomplete.
         */
        public boolean isRejection() {
            return this == CLOSED || this == RESET;
        }
    }

    public HelloReply {
        if (flight == null) {
            throw new IllegalArgumentException("flight must not be null");
        }
    }

    /** A reply whose connection failed before any TLS byte arrived. */
    public static HelloReply failed(Failure failure, String detail) {
        return new HelloReply(ServerFlight.empty(), failure, detail);
    }
}
