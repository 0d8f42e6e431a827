package io.tlsweep.protocols.text;

import io.tlsweep.core.prelude.PreludeProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles multi-line numbered replies ("250-first", "250-more", "250 last") from lines.
 *
 * <p>SMTP (RFC 5321 4.2.1) puts the code on every line, so a line without it means this is not SMTP.
 * FTP (RFC 959 4.2) only requires it on the first and last line (Pure-FTPd and FEAT replies put
 * free text in between), so there the middle lines are taken as they come.
 */
public final class CodedReplyReader {

    private final String protocol;
    private final boolean codeOnEveryLine;
    private String code;
    private final List<String> lines = new ArrayList<>();

    /**
     * @param protocol        named in error messages ("SMTP")
     * @param codeOnEveryLine true for SMTP, false for FTP
     */
    public CodedReplyReader(String protocol, boolean codeOnEveryLine) {
        this.protocol = protocol;
        this.codeOnEveryLine = codeOnEveryLine;
    }

    /**
     * Takes one line.
     *
     * @return the finished reply, or null while it continues
     * @throws PreludeProtocolException when the line cannot belong to a reply
     */
    public CodedReply accept(String line) {
        if (code == null) {
            if (!CodedReply.startsWithCode(line)) {
                throw notAReply(line);
            }
            String text = line.length() > 4 ? line.substring(4) : "";
            if (line.length() > 3 && line.charAt(3) == '-') {
                code = line.substring(0, 3);
                lines.add(text);
                return null;
            }
            return new CodedReply(line.substring(0, 3), List.of(text));
        }
        if (line.startsWith(code) && (line.length() == 3 || line.charAt(3) == ' ')) {
            lines.add(line.length() > 4 ? line.substring(4) : "");
            CodedReply done = new CodedReply(code, lines);
            code = null;
            lines.clear();
            return done;
        }
        if (line.startsWith(code) && line.charAt(3) == '-') {
            lines.add(line.substring(4));
        } else if (codeOnEveryLine) {
            throw notAReply(line);
        } else {
            lines.add(line);
        }
        return null;
    }

    private PreludeProtocolException notAReply(String line) {
        return new PreludeProtocolException("not " + protocol + ": expected a reply"
                + (code == null ? "" : " line with code " + code) + ", got \"" + LineSession.snippet(line) + "\"");
    }
}
