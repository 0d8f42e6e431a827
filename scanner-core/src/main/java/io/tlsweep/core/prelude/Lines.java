package io.tlsweep.core.prelude;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Line framing for the text dialects (SMTP, IMAP, POP3, FTP, NNTP, ManageSieve). */
public final class Lines {

    /** RFC 5321 allows 512 octets per reply line; generous, but a bound a hostile peer cannot grow. */
    public static final int MAX_LINE = 2048;

    private Lines() {
    }

    /**
     * Takes one line (without its CRLF or bare LF) off {@code in}, or returns null and consumes
     * nothing when no complete line is there yet. Bytes are read as ISO-8859-1 so any byte survives.
     *
     * @throws PreludeProtocolException when more than {@link #MAX_LINE} bytes arrive without a line end
     */
    public static String readLine(ByteBuf in) {
        int start = in.readerIndex();
        int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > MAX_LINE) {
                throw new PreludeProtocolException("line longer than " + MAX_LINE + " bytes");
            }
            return null;
        }
        if (lf - start > MAX_LINE) {
            throw new PreludeProtocolException("line longer than " + MAX_LINE + " bytes");
        }
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        String line = in.toString(start, end - start, StandardCharsets.ISO_8859_1);
        in.readerIndex(lf + 1);
        return line;
    }

    /** The command as bytes on the wire: ASCII plus CRLF. */
    public static byte[] command(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
