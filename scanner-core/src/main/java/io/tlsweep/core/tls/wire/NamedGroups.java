package io.tlsweep.core.tls.wire;

/** Named groups (supported_groups, key_share) by code point: the IANA "TLS Supported Groups" registry. */
public final class NamedGroups {

    public static final int SECP256R1 = 0x0017;
    public static final int SECP384R1 = 0x0018;
    public static final int SECP521R1 = 0x0019;
    public static final int X25519 = 0x001d;
    public static final int X448 = 0x001e;

    private static final IanaTable TABLE = new IanaTable("""
            0x0013 secp192r1
            0x0015 secp224r1
            0x0016 secp256k1
            0x0017 secp256r1
            0x0018 secp384r1
            0x0019 secp521r1
            0x001a brainpoolP256r1
            0x001b brainpoolP384r1
            0x001c brainpoolP512r1
            0x001d x25519
            0x001e x448
            0x0100 ffdhe2048
            0x0101 ffdhe3072
            0x0102 ffdhe4096
            0x0103 ffdhe6144
            0x0104 ffdhe8192
            0x0200 MLKEM512
            0x0201 MLKEM768
            0x0202 MLKEM1024
            0x11eb SecP256r1MLKEM768
            0x11ec X25519MLKEM768
            0x11ed SecP384r1MLKEM1024
            0x6399 X25519Kyber768Draft00
            """, "group_");

    private NamedGroups() {
    }

    /** The registry name, "GREASE", or "group_0xNNNN". */
    public static String name(int group) {
        return TABLE.name(group);
    }
}
