package io.tlsweep.protocols.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tlsweep.core.sink.NdjsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Banners as real servers send them, escaped as tlsweep records them. */
class BannerClassifierTest {

    private static String escaped(String raw) {
        return NdjsonWriter.escapeBytes(raw.getBytes(StandardCharsets.ISO_8859_1), 512);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "220 mail.interop.test ESMTP Postfix (Debian/GNU)<CRLF>|smtp",
        "220-mx.example.com ESMTP Exim 4.96<CRLF>220 hello<CRLF>|smtp",
        "421 4.3.2 Service not available<CRLF>|smtp",
        "220 (vsFTPd 3.0.3)<CRLF>|ftp",
        "220 ProFTPD Server (Debian) [::ffff:127.0.0.1]<CRLF>|ftp",
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS] Dovecot (Debian) ready.<CRLF>|imap",
        "* PREAUTH ready<CRLF>|imap",
        "+OK Dovecot (Debian) ready.<CRLF>|pop3",
        "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3<CRLF>|ssh",
        "HTTP/1.1 400 Bad Request<CRLF>Server: nginx<CRLF>|http",
        "200 news.example.com InterNetNews NNRP server INN 2.7 ready<CRLF>|nntp",
        "\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"<CRLF>|sieve",
        "<?xml version='1.0'?><stream:stream xmlns='jabber:client'|xmpp",
    })
    void namesTheProtocol(String raw, String protocol) {
        // CSV cannot hold a line break: <CRLF> stands for the one the server sends.
        assertEquals(protocol, BannerClassifier.classify(escaped(raw.replace("<CRLF>", "\r\n"))));
    }

    @Test
    void namesMysqlFromItsBinaryGreeting() {
        byte[] greeting = {0x5b, 0x00, 0x00, 0x00, 0x0a, '1', '0', '.', '1', '1', '.', '6', '-', 'M', 'a', 'r', 'i', 'a',
            'D', 'B', 0x00, 0x03, 0x00, 0x00, 0x00};
        assertEquals("mysql", BannerClassifier.classify(NdjsonWriter.escapeBytes(greeting, 64)));
    }

    @Test
    void recognisesTlsRecords() {
        byte[] alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46};
        assertEquals("tls", BannerClassifier.classify(NdjsonWriter.escapeBytes(alert, 64)));
    }

    @Test
    void unknownAndEmptyAreNull() {
        assertNull(BannerClassifier.classify(null));
        assertNull(BannerClassifier.classify(""));
        assertNull(BannerClassifier.classify(escaped("hello there\r\n")));
    }

    @Test
    void randomBannersNeverThrow() {
        Random r = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(0, 80)];
            r.nextBytes(b);
            BannerClassifier.classify(NdjsonWriter.escapeBytes(b, 64));
        }
    }
}
