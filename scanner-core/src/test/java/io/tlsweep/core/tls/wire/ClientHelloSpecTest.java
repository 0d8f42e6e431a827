package io.tlsweep.core.tls.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientHelloSpecTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sslv3HelloWithoutExtensionsBlock() {
        byte[] random = new byte[32];
        byte[] record = ClientHelloSpec.builder()
                .recordVersion(TlsVersion.SSL3).helloVersion(TlsVersion.SSL3)
                .random(random)
                .cipherSuites(List.of(0x000a, CipherSuites.TLS_EMPTY_RENEGOTIATION_INFO_SCSV))
                .omitExtensionsBlock(true)
                .build().toRecord();
        assertEquals("160300002f" + "0100002b" + "0300" + "00".repeat(32) + "00" + "0004000a00ff" + "0100",
                HEX.formatHex(record));
    }

    @Test
    void extensionsInTheOrderGiven() {
        byte[] message = ClientHelloSpec.builder()
                .random(new byte[32])
                .cipherSuites(List.of(0x1301))
                .extension(Extensions.supportedVersions(List.of(0x3a3a, TlsVersion.TLS1_3)))
                .extension(Extensions.serverName("a.test"))
                .extension(Extensions.keyShare(List.of(new KeyShareEntry(NamedGroups.X25519, new byte[] {1, 2}))))
                .extension(Extensions.padding(3))
                .extension(Extensions.statusRequest())
                .extension(Extensions.heartbeat(1))
                .build().toHandshakeMessage();
        String extensions = "002b0005043a3a0304"
                + "0000000b0009000006612e74657374"
                + "00330008000600 1d00020102".replace(" ", "")
                + "0015000 3000000".replace(" ", "")
                + "000500050100000000"
                + "000f000101";
        String body = "0303" + "00".repeat(32) + "00" + "00021301" + "0100"
                + String.format("%04x", extensions.length() / 2) + extensions;
        assertEquals("01" + String.format("%06x", body.length() / 2) + body, HEX.formatHex(message));
    }

    @Test
    void refusesWhatCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> ClientHelloSpec.builder().random(new byte[31]).build());
        assertThrows(IllegalArgumentException.class, () -> ClientHelloSpec.builder().sessionId(new byte[33]).build());
        assertThrows(IllegalArgumentException.class, () -> Extensions.grease(0x1234));
        assertThrows(IllegalArgumentException.class,
                () -> ClientHelloSpec.builder().extension(Extensions.padding(20_000)).build().toRecord());
    }

    @Test
    void namesFromTheTables() {
        assertEquals("TLS_AES_128_GCM_SHA256", CipherSuites.name(0x1301));
        assertEquals("GREASE", CipherSuites.name(0x5a5a));
        assertEquals("UNKNOWN_0x1234", CipherSuites.name(0x1234));
        assertEquals("x25519", NamedGroups.name(0x001d));
        assertEquals("renegotiation_info", ExtensionTypes.name(0xff01));
        assertEquals("TLSv1.1", TlsVersion.name(0x0302));
    }
}
