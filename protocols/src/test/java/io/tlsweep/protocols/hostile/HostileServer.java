package io.tlsweep.protocols.hostile;

import io.tlsweep.core.target.Target;

/**
 * One listening socket of a {@link HostileLab}: where it is, where its behaviour cuts in, and which
 * dialect (null: implicit TLS) a probe must speak to reach that point.
 */
public record HostileServer(Target target, Placement placement, HostileBehaviour behaviour, String dialect) {

    /** A probe of this server presenting {@code sni} (also its host name); distinct SNIs make distinct probes. */
    public Target target(String sni) {
        return new Target(target.ip(), target.port(), target.transport(), sni, sni);
    }

    /** "smtp/after_go_ahead/ALERT", "implicit/SILENT". */
    public String label() {
        return (dialect == null ? "implicit" : dialect + "/" + placement.name().toLowerCase(java.util.Locale.ROOT))
                + "/" + behaviour;
    }
}
