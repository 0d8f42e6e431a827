package io.tlsweep.core.engine;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.tlsweep.core.result.Phase;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.tls.TlsAlerts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Turns whatever a failed attempt threw into the status taxonomy. Netty and the TLS providers speak
 * in exception classes and errno text; users need one stable word and the layer it happened in.
 */
final class FailureClassifier {

    /** Status, phase and the {@code error} text of a failed attempt. */
    record Classified(Status status, Phase phase, String error) {
    }

    /**
     * Start of the {@code error} of an attempt that failed for want of a local resource: no free file
     * descriptor for the socket (EMFILE, ENFILE), no free local address:port (EADDRNOTAVAIL), no
     * socket buffer (ENOBUFS). That is this machine's limit, not the target's answer, so the
     * dispatcher backs off and tries the probe again ({@link AttemptOutcome#localPressure()}).
     */
    static final String LOCAL_PRESSURE = "local resource exhausted: ";

    /**
     * Most causes followed down a chain. Real chains are two or three deep; {@code initCause} lets a
     * chain loop back on itself (A caused by B caused by A), and the record must still be written.
     */
    private static final int MAX_CAUSE_DEPTH = 16;

    private FailureClassifier() {
    }

    /** What local resource ran out, from the errno text anywhere in the cause chain, or null. */
    static String localPressure(Throwable cause) {
        int depth = 0;
        for (Throwable t = cause; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("too many open files")) {
                return m.contains("in system") ? "too many open files in the system (ENFILE)"
                        : "too many open files (EMFILE)";
            }
            if (m.contains("cannot assign requested address")) {
                return "no free local address or port (EADDRNOTAVAIL)";
            }
            if (m.contains("no buffer space available")) {
                return "no socket buffer space (ENOBUFS)";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * @param cause      what the attempt failed with
     * @param connected  whether the TCP connection had been established
     * @param firstBytes the bytes the peer sent before the failure (maybe empty)
     */
    static Classified classify(Throwable cause, boolean connected, byte[] firstBytes) {
        Throwable root = unwrap(cause);
        String message = String.valueOf(root.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (!connected) {
            String pressure = localPressure(cause);
            if (pressure != null) {
                return new Classified(Status.LOCAL_ERROR, Phase.CONNECT, LOCAL_PRESSURE + pressure);
            }
            return classifyConnect(root, lower, message);
        }
        if (root instanceof NotSslRecordException || (firstBytes.length > 0 && !looksLikeTls(firstBytes))) {
            return new Classified(Status.NOT_TLS, Phase.HANDSHAKE, "peer answered with non-TLS data");
        }
        if (root instanceof SslHandshakeTimeoutException || root instanceof ProbeTimeoutException) {
            return new Classified(Status.TIMEOUT, Phase.HANDSHAKE, "no handshake within the timeout");
        }
        String alert = alertIn(cause);
        if (alert != null) {
            return new Classified(Status.ALERT, Phase.HANDSHAKE, "alert:" + alert);
        }
        if (lower.contains("connection reset")) {
            return new Classified(Status.RESET, Phase.HANDSHAKE, "connection reset by peer");
        }
        if (root instanceof ClosedChannelException || lower.contains("closed") || lower.contains("eof")) {
            return new Classified(Status.CLOSED, Phase.HANDSHAKE, "peer closed the connection during the handshake");
        }
        return new Classified(Status.HANDSHAKE_FAILED, Phase.HANDSHAKE, oneLine(message));
    }

    private static Classified classifyConnect(Throwable root, String lower, String message) {
        if (root instanceof ConnectTimeoutException || root instanceof ProbeTimeoutException) {
            return new Classified(Status.TIMEOUT, Phase.CONNECT, "no connection within the timeout");
        }
        if (lower.contains("refused")) {
            return new Classified(Status.REFUSED, Phase.CONNECT, "connection refused");
        }
        if (root instanceof NoRouteToHostException || root instanceof PortUnreachableException
                || lower.contains("unreachable") || lower.contains("no route")) {
            return new Classified(Status.UNREACHABLE, Phase.CONNECT, oneLine(message));
        }
        if (lower.contains("reset")) {
            return new Classified(Status.RESET, Phase.CONNECT, "connection reset by peer");
        }
        if (lower.contains("timed out")) {
            return new Classified(Status.TIMEOUT, Phase.CONNECT, "no connection within the timeout");
        }
        if (root instanceof ConnectException || root instanceof IOException) {
            return new Classified(Status.LOCAL_ERROR, Phase.CONNECT, oneLine(message));
        }
        return new Classified(Status.LOCAL_ERROR, Phase.CONNECT, root.getClass().getSimpleName() + ": " + oneLine(message));
    }

    /** A TLS record starts with content type 20-24 and major version 3 (or an SSLv2 hello bit). */
    static boolean looksLikeTls(byte[] b) {
        int type = b[0] & 0xff;
        if (type >= 20 && type <= 24) {
            return b.length < 2 || (b[1] & 0xff) == 3;
        }
        return false;
    }

    private static String alertIn(Throwable cause) {
        Throwable t = cause;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            String alert = TlsAlerts.receivedAlert(t.getMessage());
            if (alert != null) {
                return alert;
            }
        }
        return null;
    }

    /** Netty wraps codec failures (DecoderException) around the exception that matters. */
    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        for (int depth = 0; depth < MAX_CAUSE_DEPTH && (current instanceof io.netty.handler.codec.DecoderException
                || current.getClass() == RuntimeException.class)
                && current.getCause() != null && current.getCause() != current; depth++) {
            current = current.getCause();
        }
        return current;
    }

    private static String oneLine(String s) {
        String line = s.replace('\n', ' ').replace('\r', ' ');
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
