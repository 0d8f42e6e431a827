package io.tlsweep.core.quic;

import java.util.ArrayList;
import java.util.List;

/** QUIC version numbers and how the record spells them ({@code quic.version}, {@code quic.server_versions}). */
public final class QuicVersions {

    /** QUIC version 1, RFC 9000: the version tlsweep offers. */
    public static final int V1 = 0x0000_0001;
    /** QUIC version 2, RFC 9369. */
    public static final int V2 = 0x6b33_43cf;
    /** The last IETF draft that servers still announce (and Netty's h3-29 ALPN goes with). */
    public static final int DRAFT_29 = 0xff00_001d;

    private QuicVersions() {
    }

    /** {@code "v1"}, {@code "v2"}, {@code "draft-29"}, else the number as {@code 0x%08x}. */
    public static String name(int version) {
        return switch (version) {
            case V1 -> "v1";
            case V2 -> "v2";
            case DRAFT_29 -> "draft-29";
            default -> String.format("0x%08x", version);
        };
    }

    /** Every version in {@code versions}, spelt by {@link #name(int)}, in the order given. */
    public static List<String> names(List<Integer> versions) {
        List<String> out = new ArrayList<>(versions.size());
        for (int v : versions) {
            out.add(name(v));
        }
        return List.copyOf(out);
    }
}
