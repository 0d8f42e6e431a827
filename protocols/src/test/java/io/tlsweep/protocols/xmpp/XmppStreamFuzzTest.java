package io.tlsweep.protocols.xmpp;

import io.tlsweep.core.prelude.PreludeOptions;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.protocols.testing.Bytes;
import io.tlsweep.protocols.testing.DialectProperties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * An XMPP server's side built element by element: an optional XML declaration, the stream header
 * (any prefix, quotes, attributes, version or none), whitespace keepalives, stream features with
 * or without {@code <starttls/>} (nested, self-closing or not, other features around it), stream
 * errors with a condition and text, then {@code <proceed/>}, {@code <failure/>}, unknown elements,
 * deep nesting, long text, entities, and the closing tag.
 */
class XmppStreamFuzzTest extends DialectProperties {

    @Override
    protected StartTlsDialect dialect() {
        return new XmppStartTls();
    }

    @Override
    protected PreludeOptions options() {
        return XmppStartTlsTest.C2S;
    }

    @Override
    protected Arbitrary<byte[]> wellFormed() {
        Arbitrary<String> prefix = Arbitraries.of("stream", "stream", "s", "");
        Arbitrary<String> q = Arbitraries.of("'", "\"");
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40)
                        .map(s -> s.replace("<", "&lt;").replace("&", "&amp;")),
                Arbitraries.of("&lt;&gt;&amp;&quot;&apos;", "&#x3c;", "\u00e9t\u00e9"),
                Arbitraries.integers().between(4000, 17_000).map("t"::repeat));
        Arbitrary<String> space = Arbitraries.of("", " ", "\n", "\r\n\t ");
        Arbitrary<String> header = Combinators.combine(Arbitraries.of("", "<?xml version='1.0'?>", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
                        prefix, q, Arbitraries.of(" version='1.0'", "", " version='0.9'"), space)
                .as((decl, p, quote, version, sp) -> {
                    String name = p.isEmpty() ? "stream" : p + ":stream";
                    String ns = p.isEmpty() ? " xmlns=" + quote + "http://etherx.jabber.org/streams" + quote
                            : " xmlns:" + p + "=" + quote + "http://etherx.jabber.org/streams" + quote;
                    return decl + sp + "<" + name + ns + " xmlns=" + quote + "jabber:client" + quote + " from=" + quote
                            + "xmpp.lab.test" + quote + " id=" + quote + "abc" + quote + version + ">";
                });
        Arbitrary<String> starttls = Arbitraries.of(
                "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
                "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>",
                "<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\" ></starttls>",
                "<starttls/>", "<tls:starttls xmlns:tls='urn:ietf:params:xml:ns:xmpp-tls'/>");
        Arbitrary<String> otherFeature = Arbitraries.of(
                "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism><mechanism>SCRAM-SHA-1</mechanism></mechanisms>",
                "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/>", "<register/>");
        Arbitrary<String> nested = Arbitraries.integers().between(1, 20).map(n -> "<a>".repeat(n) + "</a>".repeat(n));
        Arbitrary<String> feature = Arbitraries.frequencyOf(Tuple.of(3, starttls), Tuple.of(2, otherFeature), Tuple.of(1, nested),
                Tuple.of(1, text));
        Arbitrary<String> features = Combinators.combine(prefix, feature.list().ofMaxSize(4), space)
                .as((p, f, sp) -> {
                    String name = p.isEmpty() ? "features" : p + ":features";
                    return sp + "<" + name + ">" + String.join(sp, f) + "</" + name + ">";
                });
        Arbitrary<String> error = Combinators.combine(prefix, Arbitraries.of("host-unknown", "policy-violation", "x"), text)
                .as((p, c, t) -> {
                    String name = p.isEmpty() ? "error" : p + ":error";
                    return "<" + name + "><" + c + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>"
                            + t + "</text></" + name + ">";
                });
        Arbitrary<String> answer = Arbitraries.of("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
                "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'></proceed>", "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>",
                "<proceed/>", "</stream:stream>", "<message><body>hi</body></message>", "<!-- no -->", "<x a='1' a='2'/>");
        Arbitrary<String> after = Arbitraries.frequencyOf(Tuple.of(4, answer), Tuple.of(1, error));
        return Combinators.combine(header, Arbitraries.frequencyOf(Tuple.of(5, features), Tuple.of(1, error)), after, space)
                .as((h, f, a, sp) -> Bytes.utf8(h + f + sp + a));
    }
}
