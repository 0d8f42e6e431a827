package io.tlsweep.core.tls.wire;

/** Hello extension types by code point: the IANA "TLS ExtensionType Values" registry (plus ALPS). */
public final class ExtensionTypes {

    public static final int SERVER_NAME = 0;
    public static final int MAX_FRAGMENT_LENGTH = 1;
    public static final int STATUS_REQUEST = 5;
    public static final int SUPPORTED_GROUPS = 10;
    public static final int EC_POINT_FORMATS = 11;
    public static final int SIGNATURE_ALGORITHMS = 13;
    public static final int HEARTBEAT = 15;
    public static final int ALPN = 16;
    public static final int PADDING = 21;
    public static final int EXTENDED_MASTER_SECRET = 23;
    public static final int SESSION_TICKET = 35;
    public static final int SUPPORTED_VERSIONS = 43;
    public static final int PSK_KEY_EXCHANGE_MODES = 45;
    public static final int KEY_SHARE = 51;
    public static final int RENEGOTIATION_INFO = 0xff01;

    private static final IanaTable TABLE = new IanaTable("""
            0x0000 server_name
            0x0001 max_fragment_length
            0x0002 client_certificate_url
            0x0003 trusted_ca_keys
            0x0004 truncated_hmac
            0x0005 status_request
            0x000a supported_groups
            0x000b ec_point_formats
            0x000d signature_algorithms
            0x000e use_srtp
            0x000f heartbeat
            0x0010 application_layer_protocol_negotiation
            0x0011 status_request_v2
            0x0012 signed_certificate_timestamp
            0x0015 padding
            0x0016 encrypt_then_mac
            0x0017 extended_master_secret
            0x001b compress_certificate
            0x001c record_size_limit
            0x0023 session_ticket
            0x0029 pre_shared_key
            0x002a early_data
            0x002b supported_versions
            0x002c cookie
            0x002d psk_key_exchange_modes
            0x002f certificate_authorities
            0x0030 oid_filters
            0x0031 post_handshake_auth
            0x0032 signature_algorithms_cert
            0x0033 key_share
            0x0039 quic_transport_parameters
            0x4469 application_settings
            0xfe0d encrypted_client_hello
            0xff01 renegotiation_info
            """, "extension_");

    private ExtensionTypes() {
    }

    /** The registry name, "GREASE", or "extension_0xNNNN". */
    public static String name(int type) {
        return TABLE.name(type);
    }
}
