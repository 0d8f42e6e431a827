package io.tlsweep.protocols.text;

import io.netty.buffer.ByteBuf;
import io.tlsweep.core.prelude.Lines;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.prelude.PreludeProtocolException;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.core.sink.NdjsonWriter;
import java.io.ByteArrayOutputStream;

/**
 * The shared half of the server-first text dialects (SMTP, IMAP, POP3, FTP, NNTP, ManageSieve):
 * a dialect only says what one line means ({@link #onLine}); this class frames lines, keeps the
 * greeting as received for the banner, and turns each ending into a step plus the facts the
 * record reports.
 *
 * <p>Lines are handled one at a time and the loop stops at the first decision, so after the
 * go-ahead line nothing more is consumed: whatever follows it stays in the buffer, where
 * {@code PreludeHandler} sees it as STARTTLS injection.
 */
public abstract class LineSession implements PreludeSession {

    /** Most greeting bytes kept for the banner: enough to name the software, bounded against chatty peers. */
    public static final int MAX_BANNER_BYTES = 512;
    /** Most characters of the server's answer kept in reply_text. */
    public static final int MAX_REPLY_TEXT = 256;
    /** Most bytes of an offending line quoted in an error message. */
    private static final int MAX_SNIPPET = 64;

    private final String protocol;
    private final String upgradeCommand;
    private final ByteArrayOutputStream banner = new ByteArrayOutputStream();
    private boolean inGreeting = true;
    private long literalRemaining;
    private Boolean advertised;
    private String replyCode;
    private String replyText;

    /**
     * @param protocol       the dialect name reported in the record ("smtp")
     * @param upgradeCommand the request for TLS as sent ("STARTTLS", "STLS", "AUTH TLS"), for error messages
     */
    protected LineSession(String protocol, String upgradeCommand) {
        this.protocol = protocol;
        this.upgradeCommand = upgradeCommand;
    }

    /** Every text dialect here is server-first: the client waits for the greeting. */
    @Override
    public final byte[] firstMessage() {
        return null;
    }

    @Override
    public final PreludeStep onData(ByteBuf in) {
        while (true) {
            if (literalRemaining > 0) {
                int n = (int) Math.min(literalRemaining, in.readableBytes());
                keepGreeting(in, in.readerIndex(), n);
                in.skipBytes(n);
                literalRemaining -= n;
                if (literalRemaining > 0) {
                    return PreludeStep.NEED_MORE;
                }
            }
            int start = in.readerIndex();
            String line;
            try {
                line = Lines.readLine(in);
            } catch (PreludeProtocolException e) {
                // An endless first "line" is the most telling banner there is (a binary protocol, a flood).
                keepGreeting(in, start, in.readableBytes());
                throw e;
            }
            if (line == null) {
                return PreludeStep.NEED_MORE;
            }
            keepGreeting(in, start, in.readerIndex() - start);
            PreludeStep step = onLine(line);
            if (step != null) {
                return step;
            }
        }
    }

    /**
     * What one line (without its line end) means.
     *
     * @return the next step, or null to keep reading lines
     * @throws PreludeProtocolException when the line is not this protocol
     */
    protected abstract PreludeStep onLine(String line);

    @Override
    public final PreludeInfo facts() {
        String b = banner.size() == 0 ? null : NdjsonWriter.escapeBytes(banner.toByteArray(), MAX_BANNER_BYTES);
        return new PreludeInfo(protocol, b, advertised, replyCode, replyText, false);
    }

    /** The greeting is complete: later lines are answers to us, not part of the banner. */
    protected final void endGreeting() {
        inGreeting = false;
    }

    /** The next {@code n} bytes are a literal ({@code {n}} in IMAP/ManageSieve): taken raw, not as lines. */
    protected final void skipLiteral(long n) {
        literalRemaining = n;
    }

    protected final void advertised(Boolean listed) {
        advertised = listed;
    }

    protected final PreludeStep send(String command) {
        return PreludeStep.send(Lines.command(command));
    }

    /** The server said go ahead: remember its answer and start TLS. */
    protected final PreludeStep goAhead(String code, String text) {
        reply(code, text);
        return PreludeStep.START_TLS;
    }

    /** Anything but the go-ahead in answer to the upgrade request. */
    protected final PreludeStep rejected(String code, String text) {
        reply(code, text);
        return PreludeStep.stop(PreludeOutcome.STARTTLS_REJECTED, upgradeCommand + " refused: " + code);
    }

    /** The server refuses service (a 421/554 greeting, BYE, -ERR). */
    protected final PreludeStep unavailable(String code, String text) {
        reply(code, text);
        return PreludeStep.stop(PreludeOutcome.SERVICE_UNAVAILABLE, "service unavailable: " + code);
    }

    protected final PreludeStep unsupported(String reason) {
        return PreludeStep.stop(PreludeOutcome.STARTTLS_UNSUPPORTED, reason);
    }

    /** The line is not what this protocol sends here. */
    protected final PreludeProtocolException mismatch(String expected, String line) {
        return new PreludeProtocolException("not " + protocol + ": expected " + expected + ", got \""
                + snippet(line) + "\"");
    }

    /** A line quoted in an error message: escaped and bounded. */
    public static String snippet(String line) {
        byte[] b = line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        String s = NdjsonWriter.escapeBytes(b, MAX_SNIPPET);
        return b.length > MAX_SNIPPET ? s + "..." : s;
    }

    private void reply(String code, String text) {
        replyCode = code;
        replyText = text == null || text.length() <= MAX_REPLY_TEXT ? text : text.substring(0, MAX_REPLY_TEXT);
    }

    private void keepGreeting(ByteBuf in, int from, int length) {
        int room = MAX_BANNER_BYTES - banner.size();
        if (inGreeting && room > 0 && length > 0) {
            byte[] b = new byte[Math.min(room, length)];
            in.getBytes(from, b);
            banner.writeBytes(b);
        }
    }
}
