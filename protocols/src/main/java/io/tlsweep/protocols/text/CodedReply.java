package io.tlsweep.protocols.text;

import java.util.List;

/**
 * One numbered reply (SMTP RFC 5321, FTP RFC 959, NNTP RFC 3977): a three-digit code and the text
 * of each of its lines.
 *
 * @param code  the three digits, as sent
 * @param lines the text after the code on each line (for FTP's free-form middle lines, the whole line)
 */
public record CodedReply(String code, List<String> lines) {

    public CodedReply {
        lines = List.copyOf(lines);
    }

    /** 4xx (transient) and 5xx (permanent) are refusals in all three protocols. */
    public boolean isFailure() {
        char c = code.charAt(0);
        return c == '4' || c == '5';
    }

    /** The reply's text, lines joined by a space (reply_text bounds it). */
    public String text() {
        return String.join(" ", lines);
    }

    /** True for "ddd", "ddd text" and "ddd-text": a code 1xx..5xx and a separator. */
    static boolean startsWithCode(String line) {
        if (line.length() < 3 || line.charAt(0) < '1' || line.charAt(0) > '5'
                || !isDigit(line.charAt(1)) || !isDigit(line.charAt(2))) {
            return false;
        }
        return line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-';
    }

    /** NNTP's single-line replies; null when the line is not one ("ddd-" is not NNTP). */
    public static CodedReply single(String line) {
        if (!startsWithCode(line) || line.length() > 3 && line.charAt(3) == '-') {
            return null;
        }
        return new CodedReply(line.substring(0, 3), List.of(line.length() > 4 ? line.substring(4) : ""));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
