package io.tlsweep.protocols.detect;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names the protocol behind a server's first words, from the escaped text tlsweep records
 * ({@code first_bytes} / {@code prelude.banner}: printable ASCII as is, {@code \r \n \t \xHH}
 * escapes). Server-first protocols announce themselves; that is all mode diagnosis needs to say
 * "993 answers plaintext IMAP".
 */
public final class BannerClassifier {

    /** MySQL's greeting: 3-byte length, sequence 0, protocol version 10 ({@code \n}), then a version digit. */
    private static final Pattern MYSQL = Pattern.compile("^(?:\\\\x[0-9a-f]{2}|[^\\\\]){3}\\\\x00\\\\n[0-9]");
    /** A TLS record header (handshake or alert, version 3.x): the server speaks TLS after all. */
    private static final Pattern TLS = Pattern.compile("^\\\\x1[56]\\\\x03");

    private BannerClassifier() {
    }

    /** The protocol key ("smtp", "imap", "pop3", "ftp", "ssh", "http", ...), or null when unknown. */
    public static String classify(String banner) {
        if (banner == null || banner.isEmpty()) {
            return null;
        }
        String upper = banner.toUpperCase(Locale.ROOT);
        if (upper.startsWith("SSH-")) {
            return "ssh";
        }
        if (upper.startsWith("HTTP/")) {
            return "http";
        }
        if (upper.startsWith("* OK") || upper.startsWith("* PREAUTH") || upper.startsWith("* BYE")) {
            return "imap";
        }
        if (upper.startsWith("+OK") || upper.startsWith("-ERR")) {
            return "pop3";
        }
        if (upper.startsWith("\"IMPLEMENTATION\"") || upper.startsWith("\"SIEVE\"")) {
            return "sieve";
        }
        if (upper.startsWith("<?XML") || upper.startsWith("<STREAM:")) {
            return "xmpp";
        }
        if (upper.matches("^(220|421|554)[ -].*")) {
            if (upper.contains("FTP")) {
                return "ftp";
            }
            return "smtp"; // Postfix, Exim, Sendmail all say ESMTP/SMTP; a bare 220 is far more often mail
        }
        if (upper.matches("^20[01][ -].*") && (upper.contains("NNTP") || upper.contains("NEWS"))) {
            return "nntp";
        }
        if (MYSQL.matcher(banner).find()) {
            return "mysql";
        }
        if (TLS.matcher(banner).find()) {
            return "tls";
        }
        return null;
    }

    /** How a protocol key reads in a sentence. */
    public static String displayName(String protocol) {
        if (protocol == null) {
            return "an unknown protocol";
        }
        return switch (protocol) {
            case "smtp", "imap", "pop3", "ftp", "ssh", "http", "ldap", "nntp", "xmpp", "tls" ->
                    protocol.toUpperCase(Locale.ROOT);
            case "sieve" -> "ManageSieve";
            case "mysql" -> "MySQL";
            case "postgres" -> "PostgreSQL";
            case "mssql" -> "MS SQL";
            case "https" -> "HTTPS";
            default -> protocol;
        };
    }
}
