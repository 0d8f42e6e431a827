package io.tlsweep.core.tls.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Factories for the client hello extensions a posture probe or JARM sends, each encoded as its RFC
 * says. Anything else can be sent with {@code new Extension(type, bytes)}.
 */
public final class Extensions {

    /** psk_key_exchange_modes value psk_dhe_ke (RFC 8446 section 4.2.9). */
    public static final int PSK_DHE_KE = 1;

    private Extensions() {
    }

    /** server_name (RFC 6066) with one host_name entry; the name is sent as given (ASCII). */
    public static Extension serverName(String host) {
        WireWriter w = new WireWriter();
        int list = w.beginLength(2);
        w.u8(0);
        int name = w.beginLength(2);
        w.bytes(host.getBytes(StandardCharsets.US_ASCII));
        w.endLength(name, 2).endLength(list, 2);
        return new Extension(ExtensionTypes.SERVER_NAME, w.toByteArray());
    }

    /** max_fragment_length (RFC 6066): 1 = 2^9, 2 = 2^10, 3 = 2^11, 4 = 2^12. */
    public static Extension maxFragmentLength(int code) {
        return new Extension(ExtensionTypes.MAX_FRAGMENT_LENGTH, new byte[] {(byte) code});
    }

    /** supported_groups (RFC 8446 section 4.2.7), in the order given (GREASE values allowed). */
    public static Extension supportedGroups(List<Integer> groups) {
        return new Extension(ExtensionTypes.SUPPORTED_GROUPS, u16List(groups, 2));
    }

    /** ec_point_formats (RFC 8422): 0 = uncompressed. */
    public static Extension ecPointFormats(int... formats) {
        WireWriter w = new WireWriter();
        int len = w.beginLength(1);
        for (int f : formats) {
            w.u8(f);
        }
        return new Extension(ExtensionTypes.EC_POINT_FORMATS, w.endLength(len, 1).toByteArray());
    }

    /** signature_algorithms (RFC 8446 section 4.2.3): SignatureScheme code points in order. */
    public static Extension signatureAlgorithms(List<Integer> schemes) {
        return new Extension(ExtensionTypes.SIGNATURE_ALGORITHMS, u16List(schemes, 2));
    }

    /** application_layer_protocol_negotiation (RFC 7301) offering {@code protocols} in order. */
    public static Extension alpn(List<String> protocols) {
        WireWriter w = new WireWriter();
        int list = w.beginLength(2);
        for (String p : protocols) {
            byte[] name = p.getBytes(StandardCharsets.US_ASCII);
            if (name.length == 0 || name.length > 255) {
                throw new IllegalArgumentException("ALPN protocol name of " + name.length + " bytes");
            }
            w.u8(name.length).bytes(name);
        }
        return new Extension(ExtensionTypes.ALPN, w.endLength(list, 2).toByteArray());
    }

    /** supported_versions, client form (RFC 8446 section 4.2.1): a 1-byte-length list of versions. */
    public static Extension supportedVersions(List<Integer> versions) {
        return new Extension(ExtensionTypes.SUPPORTED_VERSIONS, u16List(versions, 1));
    }

    /**
     * key_share, client form (RFC 8446 section 4.2.8). A share's bytes are whatever the caller
     * gives: a real public key, or placeholder bytes for probes that never finish the handshake.
     */
    public static Extension keyShare(List<KeyShareEntry> shares) {
        WireWriter w = new WireWriter();
        int list = w.beginLength(2);
        for (KeyShareEntry share : shares) {
            w.u16(share.group());
            int key = w.beginLength(2);
            w.bytes(share.keyExchange()).endLength(key, 2);
        }
        return new Extension(ExtensionTypes.KEY_SHARE, w.endLength(list, 2).toByteArray());
    }

    /** psk_key_exchange_modes (RFC 8446 section 4.2.9). */
    public static Extension pskKeyExchangeModes(int... modes) {
        WireWriter w = new WireWriter();
        int len = w.beginLength(1);
        for (int m : modes) {
            w.u8(m);
        }
        return new Extension(ExtensionTypes.PSK_KEY_EXCHANGE_MODES, w.endLength(len, 1).toByteArray());
    }

    /** extended_master_secret (RFC 7627): empty. */
    public static Extension extendedMasterSecret() {
        return new Extension(ExtensionTypes.EXTENDED_MASTER_SECRET, new byte[0]);
    }

    /** renegotiation_info (RFC 5746) of an initial handshake: an empty renegotiated_connection. */
    public static Extension renegotiationInfo() {
        return new Extension(ExtensionTypes.RENEGOTIATION_INFO, new byte[] {0});
    }

    /** session_ticket (RFC 5077) asking for a new ticket: empty. */
    public static Extension sessionTicket() {
        return new Extension(ExtensionTypes.SESSION_TICKET, new byte[0]);
    }

    /** status_request (RFC 6066) for OCSP with no responder ids and no request extensions. */
    public static Extension statusRequest() {
        return new Extension(ExtensionTypes.STATUS_REQUEST, new byte[] {1, 0, 0, 0, 0});
    }

    /** heartbeat (RFC 6520): 1 = peer_allowed_to_send, 2 = peer_not_allowed_to_send. */
    public static Extension heartbeat(int mode) {
        return new Extension(ExtensionTypes.HEARTBEAT, new byte[] {(byte) mode});
    }

    /** padding (RFC 7685): {@code length} zero bytes. */
    public static Extension padding(int length) {
        return new Extension(ExtensionTypes.PADDING, new byte[length]);
    }

    /** An empty extension of a GREASE type (RFC 8701). */
    public static Extension grease(int value) {
        if (!Grease.isGrease(value)) {
            throw new IllegalArgumentException(String.format("0x%04x is not a GREASE value", value));
        }
        return new Extension(value, new byte[0]);
    }

    private static byte[] u16List(List<Integer> values, int lengthWidth) {
        WireWriter w = new WireWriter();
        int len = w.beginLength(lengthWidth);
        for (int v : values) {
            w.u16(v);
        }
        return w.endLength(len, lengthWidth).toByteArray();
    }
}
