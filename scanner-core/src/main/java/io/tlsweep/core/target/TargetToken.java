package io.tlsweep.core.target;

/**
 * One parsed target token. A port of {@link #DEFAULT_PORTS} means "each of the spec's default ports";
 * any other is a {@link PortKeys} key (the port and its transport).
 */
sealed interface TargetToken {

    int DEFAULT_PORTS = 0;

    int port();

    /** An address, CIDR or range, e.g. {@code 10.0.0.0/8}, {@code 192.0.2.1-50}, {@code [::1]:8443}. */
    record Addresses(AddressInterval range, int port) implements TargetToken {
    }

    /** A DNS name, lower-case ASCII (IDNs in punycode), no trailing dot. */
    record Host(String name, int port) implements TargetToken {
    }
}
