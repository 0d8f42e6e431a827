package io.tlsweep.core.target;

/**
 * A port and its transport packed in one {@code int}: the port number, plus {@link #UDP} for UDP.
 * TCP keys are the plain port numbers, so a TCP-only port list is the same array as before
 * transports existed, and plans stay arrays of ints rather than lists of objects.
 *
 * <pre>{@code
 * int key = PortKeys.of(443, Transport.UDP);   // 443 | 0x10000
 * PortKeys.port(key)        // 443
 * PortKeys.transport(key)   // UDP
 * PortKeys.text(key)        // "443/udp"
 * }</pre>
 */
public final class PortKeys {

    /** The bit that marks a UDP port; above every port number. */
    public static final int UDP = 0x10000;

    private PortKeys() {
    }

    public static int of(int port, Transport transport) {
        return transport == Transport.UDP ? port | UDP : port;
    }

    public static int port(int key) {
        return key & 0xFFFF;
    }

    public static Transport transport(int key) {
        return (key & UDP) != 0 ? Transport.UDP : Transport.TCP;
    }

    /** A port 1..65535, with or without the UDP bit, and nothing else set. */
    public static boolean valid(int key) {
        return (key & ~(UDP | 0xFFFF)) == 0 && port(key) >= 1;
    }

    /** The same port over {@code transport}. */
    public static int withTransport(int key, Transport transport) {
        return of(port(key), transport);
    }

    /** {@code 443} for TCP, {@code 443/udp} for UDP: how users write it. */
    public static String text(int key) {
        return port(key) + (transport(key) == Transport.UDP ? "/udp" : "");
    }
}
