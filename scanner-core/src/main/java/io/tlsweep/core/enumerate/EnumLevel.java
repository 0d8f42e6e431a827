package io.tlsweep.core.enumerate;

/** How much an enumeration asks ({@code --enum fast|full}); docs/enumeration.md lists the hellos. */
public enum EnumLevel {
    /** Versions, any weak suite, the preferred suite, server order, PQ group, extensions: about ten hellos. */
    FAST("fast"),
    /** Every suite of every version, the server's order, every group. */
    FULL("full");

    private final String wire;

    EnumLevel(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
