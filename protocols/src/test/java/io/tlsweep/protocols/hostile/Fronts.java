package io.tlsweep.protocols.hostile;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The happy paths of the STARTTLS dialects, server side, as {@link Front}s: the same greetings and
 * replies as the dialects' own engine tests (Postfix, Dovecot, vsftpd, INN, Pigeonhole, slapd,
 * PostgreSQL, MariaDB, Prosody). SQL Server is left out: its TLS handshake travels inside TDS
 * PRELOGIN packets, so "what comes after the go-ahead" is not raw bytes on the wire
 * ({@code PreludeTlsFramingTest} and {@code MssqlStartTlsEngineTest} cover that framing).
 */
public final class Fronts {

    private Fronts() {
    }

    /** Every dialect with a front, by name; each supplier makes the state of one connection. */
    public static final Map<String, Supplier<Front>> ALL = Map.of(
            "smtp", () -> text("smtp", "220 mx.lab.test ESMTP Postfix (Debian/GNU)\r\n",
                    Map.of("EHLO tlsweep.invalid", "250-mx.lab.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n"),
                    "STARTTLS", "220 2.0.0 Ready to start TLS\r\n", false, "", "250-endless capability "),
            "imap", () -> text("imap", "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot (Debian) ready.\r\n",
                    Map.of(), "a2 STARTTLS", "a2 OK Begin TLS negotiation now.\r\n", false, "", "* OK endless untagged line "),
            "pop3", () -> text("pop3", "+OK Dovecot (Debian) ready.\r\n",
                    Map.of("CAPA", "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nSTLS\r\nUSER\r\n.\r\n"),
                    "STLS", "+OK Begin TLS negotiation now.\r\n", false, "+OK\r\n", "X-ENDLESS-"),
            "ftp", () -> text("ftp", "220 (vsFTPd 3.0.3)\r\n",
                    Map.of("FEAT", "211-Features:\r\n AUTH SSL\r\n AUTH TLS\r\n PBSZ\r\n PROT\r\n211 End\r\n"),
                    "AUTH TLS", "234 Proceed with negotiation.\r\n", false, "211-Features:\r\n", " X-ENDLESS-"),
            "nntp", () -> text("nntp", "200 news.lab.test InterNetNews server INN 2.7.1 ready (posting ok)\r\n",
                    Map.of("CAPABILITIES", "101 Capability list:\r\nVERSION 2\r\nREADER\r\nSTARTTLS\r\n.\r\n"),
                    "STARTTLS", "382 Continue with TLS negotiation\r\n", false, "101 Capability list:\r\n", "X-ENDLESS-"),
            "sieve", () -> text("sieve", "\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n\"SASL\" \"\"\r\n\"STARTTLS\"\r\n"
                    + "\"VERSION\" \"1.0\"\r\nOK \"Dovecot (Debian) ready.\"\r\n",
                    Map.of(), "STARTTLS", "OK \"Begin TLS negotiation now.\"\r\n", true, "", "\"X-ENDLESS\" \"line \""),
            "ldap", Ldap::new,
            "postgres", Postgres::new,
            "mysql", Mysql::new,
            "xmpp", Xmpp::new);

    /** The dialect names, sorted (a stable matrix order). */
    public static List<String> names() {
        return ALL.keySet().stream().sorted().toList();
    }

    public static Front front(String dialect) {
        return ALL.get(dialect).get();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A line protocol: {@code replies} maps a command line (no CRLF) to its answer; others get
     * "500 ?"; {@code upgrade} gets {@code goAhead}. The endless reply is {@code endlessStart} and
     * then lines of {@code endlessLine} + a line number forever. {@code capabilitiesInGreeting}: the
     * greeting is itself the capability list (ManageSieve), so a mid-prelude behaviour replaces it.
     */
    static Front text(String dialect, String greeting, Map<String, String> replies, String upgrade, String goAhead,
                      boolean capabilitiesInGreeting, String endlessStart, String endlessLine) {
        return new Front() {
            @Override
            public String dialect() {
                return dialect;
            }

            @Override
            public byte[] greeting() {
                return ascii(greeting);
            }

            @Override
            public Answer answer(ByteBuf in) {
                int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                if (lf < 0) {
                    return null;
                }
                String line = in.readCharSequence(lf + 1 - in.readerIndex(), StandardCharsets.ISO_8859_1).toString().strip();
                if (line.equals(upgrade)) {
                    return new Answer(ascii(goAhead), true);
                }
                return new Answer(ascii(replies.getOrDefault(line, "500 ?\r\n")), false);
            }

            @Override
            public boolean midPreludeAtAccept() {
                return capabilitiesInGreeting;
            }

            @Override
            public byte[] endlessStart() {
                return ascii(endlessStart);
            }

            @Override
            public byte[] endlessPiece(long n) {
                return endlessLines(endlessLine, n);
            }
        };
    }

    /** slapd: the StartTLS ExtendedRequest gets resultCode 0 (LdapStartTlsTest.SLAPD_SUCCESS). */
    private static final class Ldap implements Front {
        @Override
        public String dialect() {
            return "ldap";
        }

        @Override
        public byte[] greeting() {
            return new byte[0];
        }

        @Override
        public Answer answer(ByteBuf in) {
            // SEQUENCE, then a short or long BER length; the request itself is not judged
            if (in.readableBytes() < 2) {
                return null;
            }
            int at = in.readerIndex();
            int first = in.getUnsignedByte(at + 1);
            int header = 2;
            long length = first;
            if (first >= 0x80) {
                int octets = first & 0x7f;
                if (in.readableBytes() < 2 + octets) {
                    return null;
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | in.getUnsignedByte(at + 2 + i);
                }
                header += octets;
            }
            if (in.readableBytes() < header + length) {
                return null;
            }
            in.skipBytes((int) (header + length));
            return new Answer(ByteBufUtil.decodeHexDump("300c02010178070a010004000400"), true);
        }

        /** An ExtendedResponse announcing ~2 GB, then filler: the message never completes. */
        @Override
        public byte[] endlessStart() {
            return ByteBufUtil.decodeHexDump("30847ffffff0020101788" + "47fffffe80a0100");
        }

        @Override
        public byte[] endlessPiece(long n) {
            return new byte[1024];
        }

        @Override
        public byte[] injection() {
            return ByteBufUtil.decodeHexDump("300c02010278070a010004000400");
        }
    }

    /** PostgreSQL: SSLRequest (8 bytes), answered 'S'. */
    private static final class Postgres implements Front {
        @Override
        public String dialect() {
            return "postgres";
        }

        @Override
        public byte[] greeting() {
            return new byte[0];
        }

        @Override
        public Answer answer(ByteBuf in) {
            if (in.readableBytes() < 8) {
                return null;
            }
            in.skipBytes(8);
            return new Answer(ascii("S"), true);
        }

        /** The postmaster's bare fork-failure error ('E', text, NUL) whose text never reaches its NUL. */
        @Override
        public byte[] endlessStart() {
            return ascii("Ecould not fork new process for connection: ");
        }

        @Override
        public byte[] endlessPiece(long n) {
            return endlessLines("Resource temporarily unavailable ", n);
        }

        @Override
        public byte[] injection() {
            return ascii("E\0\0\0\u0008junk");
        }
    }

    /** MariaDB 10.11 greeting with CLIENT_SSL; the client's SSLRequest packet is the switch (no reply). */
    private static final class Mysql implements Front {
        @Override
        public String dialect() {
            return "mysql";
        }

        @Override
        public byte[] greeting() {
            return packet(concat(ByteBufUtil.decodeHexDump("0a"), ascii("5.5.5-10.11.6-MariaDB-0+deb12u1\0"),
                    ByteBufUtil.decodeHexDump("1f000000"), ascii("Ab3$xY!q"), ByteBufUtil.decodeHexDump("00feff2d0200ff8115"),
                    new byte[6], ByteBufUtil.decodeHexDump("1d000000"), ascii("w7@TqB:]e{8R\0"),
                    ascii("mysql_native_password\0")));
        }

        @Override
        public Answer answer(ByteBuf in) {
            if (in.readableBytes() < 4) {
                return null;
            }
            int length = in.getMediumLE(in.readerIndex());
            if (in.readableBytes() < 4 + length) {
                return null;
            }
            in.skipBytes(4 + length);
            return new Answer(new byte[0], true);
        }

        @Override
        public boolean midPreludeAtAccept() {
            return true;
        }

        /** A packet header announcing 16 MB - 1, then filler. */
        @Override
        public byte[] endlessStart() {
            return ByteBufUtil.decodeHexDump("ffffff000a");
        }

        @Override
        public byte[] endlessPiece(long n) {
            return endlessLines("endless greeting ", n);
        }

        private static byte[] packet(byte[] payload) {
            int n = payload.length;
            return concat(new byte[] {(byte) n, (byte) (n >> 8), (byte) (n >> 16), 0}, payload);
        }
    }

    /** Prosody with STARTTLS required: stream header, features, then {@code <proceed/>}. */
    private static final class Xmpp implements Front {
        private static final String HEADER = "<?xml version='1.0'?><stream:stream"
                + " xmlns:stream='http://etherx.jabber.org/streams' xml:lang='en'"
                + " id='9f1c4e62-7a7b-4c1e-a2b3-5d4c3b2a1f0e' from='xmpp.lab.test' version='1.0' xmlns='jabber:client'>";
        private static final String FEATURES = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                + "<required/></starttls></stream:features>";
        private boolean opened;

        @Override
        public String dialect() {
            return "xmpp";
        }

        @Override
        public byte[] greeting() {
            return new byte[0];
        }

        @Override
        public Answer answer(ByteBuf in) {
            String text = in.toString(StandardCharsets.UTF_8);
            String end = opened ? "/>" : "streams'>";
            int at = text.indexOf(end);
            if (at < 0) {
                return null;
            }
            in.skipBytes(at + end.length());
            if (!opened) {
                opened = true;
                return new Answer(ascii(HEADER + FEATURES), false);
            }
            return new Answer(ascii("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), true);
        }

        /** The stream header, then a features element that never closes. */
        @Override
        public byte[] endlessStart() {
            return ascii(HEADER + "<stream:features>");
        }

        @Override
        public byte[] endlessPiece(long n) {
            return ascii("<x-endless n='" + n + "'/>");
        }

        @Override
        public byte[] injection() {
            return ascii("<message>injected before TLS</message>");
        }
    }

    /** Lines per piece of an endless reply: one piece is a few KiB, so pumping costs a write per few KiB. */
    static final int LINES_PER_PIECE = 64;

    /** Piece {@code n} of an endless reply: {@link #LINES_PER_PIECE} lines of {@code prefix} + a line number + CRLF. */
    static byte[] endlessLines(String prefix, long n) {
        // a prefix ending in a quote gets its string closed after the number (ManageSieve's "name" "value")
        String suffix = prefix.endsWith("\"") ? "\"\r\n" : "\r\n";
        StringBuilder b = new StringBuilder(LINES_PER_PIECE * (prefix.length() + 12));
        for (long i = n * LINES_PER_PIECE; i < (n + 1) * LINES_PER_PIECE; i++) {
            b.append(prefix).append(i).append(suffix);
        }
        return ascii(b.toString());
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
