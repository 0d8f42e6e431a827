package io.tlsweep.core.result;

import java.util.List;

/**
 * The record's {@code enum} object: what raw-hello enumeration ({@code --enum}) learnt of one
 * endpoint. Null on the record without {@code --enum}, or when the normal probe failed.
 *
 * @param level      "fast" or "full"
 * @param hellos     connections the enumeration made (each one raw ClientHello)
 * @param complete   false when some hello got no usable answer (timeout, refused, upgrade failed):
 *                   what is listed was seen, but something may be missing
 * @param versions   the protocol versions the server accepted, oldest first, in the records' spelling
 *                   ("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3")
 * @param perVersion one entry per accepted version, oldest first
 * @param extensions what the server's hellos acknowledged
 */
public record EnumerationInfo(String level, int hellos, boolean complete, List<String> versions,
                              List<VersionEnumeration> perVersion, TlsExtensionSupport extensions) {

    public EnumerationInfo {
        versions = List.copyOf(versions);
        perVersion = List.copyOf(perVersion);
    }
}
