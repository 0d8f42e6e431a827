package io.tlsweep.core.tls.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One hello extension as on the wire: its type and the bytes of its extension_data (without the
 * type and length prefix). Immutable: the array is copied in and out.
 */
public final class Extension {

    private final int type;
    private final byte[] data;

    public Extension(int type, byte[] data) {
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("extension type out of range: " + type);
        }
        if (data.length > 0xffff) {
            throw new IllegalArgumentException("extension data of " + data.length + " bytes exceeds 65535");
        }
        this.type = type;
        this.data = data.clone();
    }

    public int type() {
        return type;
    }

    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    /** The registry name of the type (see {@link ExtensionTypes}). */
    public String name() {
        return ExtensionTypes.name(type);
    }

    /** Appends type, length and data. */
    void writeTo(WireWriter out) {
        out.u16(type).u16(data.length).bytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Extension e && e.type == type && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return name() + "(" + HexFormat.of().formatHex(data) + ")";
    }
}
