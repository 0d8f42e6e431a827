package io.tlsweep.protocols.xmpp;

import io.netty.buffer.ByteBuf;
import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.PreludeOutcome;
import io.tlsweep.core.prelude.PreludeProtocolException;
import io.tlsweep.core.prelude.PreludeSession;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.protocols.PreludeText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * XMPP's STARTTLS (RFC 6120 section 5), client-to-server on 5222 and server-to-server on 5269.
 * Client first:
 *
 * <pre>
 * C: &lt;?xml version='1.0'?&gt;&lt;stream:stream to='example.org' version='1.0' xmlns='jabber:client'
 *        xmlns:stream='http://etherx.jabber.org/streams'&gt;
 * S: &lt;?xml version='1.0'?&gt;&lt;stream:stream ... from='example.org' version='1.0'&gt;       (the banner)
 * S: &lt;stream:features&gt;&lt;starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'&gt;&lt;required/&gt;&lt;/starttls&gt;...&lt;/stream:features&gt;
 * C: &lt;starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/&gt;
 * S: &lt;proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/&gt;                                     -> TLS
 * </pre>
 *
 * Outcomes: features without {@code <starttls>} is {@code starttls_unsupported}; {@code <failure/>}, or a stream error or close after our request, is
 * {@code starttls_rejected}; a stream error or close before it is {@code service_unavailable} (the
 * server refuses the stream itself, most often its name: Prosody answers a header without
 * {@code to}, i.e. a bare-address target, with {@code improper-addressing}, and an unknown name
 * with {@code host-unknown}; give the domain with {@code --sni}); anything that is not an XMPP
 * stream is {@code protocol_mismatch}. The stream error's condition element is {@code reply_text}.
 *
 * <p>The server's XML is read with {@link XmlScanner}, a bounded tokenizer, not an XML parser: no
 * DTDs or entities to expand, and every token and top-level element has a size limit.
 */
public final class XmppStartTls implements StartTlsDialect {

    static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String STARTTLS = "<starttls xmlns='" + TLS_NS + "'/>";
    /** The server-to-server port: the stream speaks jabber:server there (RFC 6120 section 4.8.1). */
    static final int SERVER_TO_SERVER_PORT = 5269;

    /** Most bytes one top-level element (the features, an error) may take: real ones are under 2 KiB. */
    static final int MAX_ELEMENT = 16 * 1024;
    private static final int MAX_DEPTH = 16;

    @Override
    public String name() {
        return "xmpp";
    }

    @Override
    public PreludeSession newSession(PreludeOptions options) {
        return new Session(header(options));
    }

    /** Our stream header; without a name there is no {@code to}, and most servers will refuse the stream. */
    static String header(PreludeOptions options) {
        String ns = options.port() == SERVER_TO_SERVER_PORT ? "jabber:server" : "jabber:client";
        String domain = options.serverName();
        if (domain != null && domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        String to = domain == null || domain.isEmpty() ? "" : "to='" + escape(domain) + "' ";
        return "<?xml version='1.0'?><stream:stream " + to + "version='1.0' xmlns='" + ns
                + "' xmlns:stream='http://etherx.jabber.org/streams'>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private enum State { HEADER, FEATURES, AWAIT_PROCEED }

    /** One connection: the server's header, then top-level elements read one token at a time. */
    private static final class Session implements PreludeSession {
        private final String header;
        private State state = State.HEADER;
        private final ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
        private String streamPrefix = "stream";

        // the top-level element being read (depth >= 1 inside it)
        private int depth;
        private String element;
        private boolean elementIsTls;
        private int elementBytes;
        private boolean sawStarttls;
        private String condition;
        private boolean inErrorText;
        private StringBuilder errorText;

        private String banner;
        private Boolean advertised;
        private String replyCode;
        private String replyText;

        Session(String header) {
            this.header = header;
        }

        @Override
        public byte[] firstMessage() {
            return header.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public PreludeStep onData(ByteBuf in) {
            while (true) {
                if (depth == 0) {
                    // Between top-level elements only whitespace (keepalives) may come.
                    while (in.isReadable() && XmlScanner.isSpace(in.getByte(in.readerIndex()))) {
                        in.skipBytes(1);
                    }
                    if (in.isReadable() && in.getByte(in.readerIndex()) != '<') {
                        return PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                                "not an XMPP stream: \"" + PreludeText.peek(in) + "\"");
                    }
                }
                XmlScanner.Token token = XmlScanner.next(in);
                if (token == null) {
                    return PreludeStep.NEED_MORE;
                }
                PreludeStep step = state == State.HEADER ? onHeaderToken(token) : onToken(token);
                if (step != null) {
                    return step;
                }
            }
        }

        private PreludeStep onHeaderToken(XmlScanner.Token t) {
            if (t.kind() == XmlScanner.Kind.DECLARATION && headerBytes.size() == 0) {
                headerBytes.writeBytes(t.raw());
                return null;
            }
            if (t.kind() != XmlScanner.Kind.START || !t.localName().equals("stream") || t.selfClosing()) {
                return PreludeStep.stop(PreludeOutcome.PROTOCOL_MISMATCH,
                        "not an XMPP stream header: \"" + PreludeText.banner(t.raw()) + "\"");
            }
            headerBytes.writeBytes(t.raw());
            banner = PreludeText.banner(headerBytes.toByteArray());
            streamPrefix = t.prefix();
            state = State.FEATURES;
            // A header without version (RFC 6120 4.7.5: a pre-1.0 stream, which has no features) is
            // not judged on its own: Prosody 0.12 opens its refusal of a header without 'to' with
            // exactly such a header, then the stream error that says why. So read on; a true
            // pre-1.0 server then says nothing more and the probe times out in the prelude.
            return null;
        }

        private PreludeStep onToken(XmlScanner.Token t) {
            switch (t.kind()) {
                case DECLARATION -> throw new PreludeProtocolException("XML declaration inside the stream");
                case END -> {
                    if (depth == 0) {
                        return closed();
                    }
                    count(t);
                    depth--;
                    inErrorText = false;
                    return depth == 0 ? elementDone() : null;
                }
                case TEXT -> {
                    count(t);
                    if (inErrorText && errorText.length() < PreludeText.MAX_REPLY_TEXT) {
                        errorText.append(t.text());
                    }
                    return null;
                }
                default -> { // START
                    if (depth == 0) {
                        element = t.name();
                        elementIsTls = t.declares(TLS_NS);
                        elementBytes = 0;
                        sawStarttls = false;
                        condition = null;
                        errorText = new StringBuilder();
                    } else if (depth == 1) {
                        onChild(t);
                    }
                    count(t);
                    if (t.selfClosing()) {
                        return depth == 0 ? elementDone() : null;
                    }
                    if (++depth > MAX_DEPTH) {
                        throw new PreludeProtocolException("XML nested deeper than " + MAX_DEPTH);
                    }
                    return null;
                }
            }
        }

        /** A direct child of the top-level element: a feature, or a stream error's condition or text. */
        private void onChild(XmlScanner.Token t) {
            if (t.localName().equals("starttls") && t.declares(TLS_NS)) {
                sawStarttls = true;
            }
            if (isStreamElement("error")) {
                if (t.localName().equals("text")) {
                    inErrorText = !t.selfClosing();
                } else if (condition == null) {
                    condition = t.localName();
                }
            }
        }

        private void count(XmlScanner.Token t) {
            elementBytes += t.raw().length;
            if (elementBytes > MAX_ELEMENT) {
                throw new PreludeProtocolException("XMPP element <" + element + "> longer than " + MAX_ELEMENT + " bytes");
            }
        }

        private boolean isStreamElement(String localName) {
            return element.equals(streamPrefix.isEmpty() ? localName : streamPrefix + ":" + localName);
        }

        /** A complete top-level element: decide, or null to read on (an element we need not understand). */
        private PreludeStep elementDone() {
            String local = element.substring(element.indexOf(':') + 1);
            if (isStreamElement("error")) {
                replyCode = "stream:error";
                String text = errorText.toString().strip();
                replyText = PreludeText.cut((condition != null ? condition : "(no condition)")
                        + (text.isEmpty() ? "" : ": " + text));
                return state == State.FEATURES
                        ? PreludeStep.stop(PreludeOutcome.SERVICE_UNAVAILABLE, "XMPP stream error: " + replyText)
                        : PreludeStep.stop(PreludeOutcome.STARTTLS_REJECTED, "XMPP stream error after STARTTLS: "
                                + replyText);
            }
            if (state == State.FEATURES) {
                if (!isStreamElement("features")) {
                    return null;
                }
                advertised = sawStarttls;
                if (!sawStarttls) {
                    return PreludeStep.stop(PreludeOutcome.STARTTLS_UNSUPPORTED,
                            "XMPP stream features without <starttls/>");
                }
                state = State.AWAIT_PROCEED;
                return PreludeStep.send(STARTTLS.getBytes(StandardCharsets.US_ASCII));
            }
            if (elementIsTls && local.equals("proceed")) {
                replyCode = "proceed";
                return PreludeStep.START_TLS; // nothing after </proceed> is consumed: the handler's injection guard sees it
            }
            if (elementIsTls && local.equals("failure")) {
                replyCode = "failure";
                return PreludeStep.stop(PreludeOutcome.STARTTLS_REJECTED, "XMPP server answered STARTTLS with <failure/>");
            }
            return null;
        }

        /** {@code </stream:stream>}: the server closed the stream without saying why. */
        private PreludeStep closed() {
            replyCode = "stream closed";
            return state == State.FEATURES
                    ? PreludeStep.stop(PreludeOutcome.SERVICE_UNAVAILABLE, "XMPP server closed the stream before its features")
                    : PreludeStep.stop(PreludeOutcome.STARTTLS_REJECTED, "XMPP server closed the stream after STARTTLS");
        }

        @Override
        public PreludeInfo facts() {
            return new PreludeInfo("xmpp", banner, advertised, replyCode, replyText, false);
        }
    }
}
