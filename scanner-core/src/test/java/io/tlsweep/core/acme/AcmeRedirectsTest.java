package io.tlsweep.core.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tlsweep.core.acme.AcmeRedirects.Follow;
import io.tlsweep.core.acme.AcmeRedirects.Next;
import io.tlsweep.core.acme.AcmeRedirects.Refuse;
import io.tlsweep.core.acme.AcmeRedirects.Url;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AcmeRedirectsTest {

    private static final AcmeRedirects RULES = new AcmeRedirects(80, 443);
    private static final Url ORIGIN = RULES.origin("Example.COM", "/.well-known/acme-challenge/tok");

    private static String follow(Url base, String location) {
        Next next = RULES.next(base, location);
        return RULES.show(assertInstanceOf(Follow.class, next, () -> location + " -> " + next).url());
    }

    private static String refuse(String location) {
        Next next = RULES.next(ORIGIN, location);
        return assertInstanceOf(Refuse.class, next, () -> location + " -> " + next).reason();
    }

    @Test
    void absoluteAndRelativeLocationsResolveAgainstTheCurrentUrl() {
        assertEquals("http://example.com/.well-known/acme-challenge/tok", RULES.show(ORIGIN));
        assertEquals("https://example.com/.well-known/acme-challenge/tok",
                follow(ORIGIN, "https://example.com/.well-known/acme-challenge/tok"));
        assertEquals("https://www.example.com/x?y=1", follow(ORIGIN, "HTTPS://WWW.example.com:443/x?y=1#frag"));
        assertEquals("http://example.com/other", follow(ORIGIN, "/other"));
        assertEquals("http://example.com/.well-known/acme-challenge/sibling", follow(ORIGIN, "sibling"));
        assertEquals("http://cdn.test/a", follow(ORIGIN, "//cdn.test/a"));
        assertEquals("http://example.com/", follow(ORIGIN, "http://example.com:80"), "explicit :80, empty path");
        assertEquals("https://[2001:db8::1]/", follow(ORIGIN, "https://[2001:db8::1]/"));
        assertEquals("https://example.com/a%20b%c3%a9", follow(ORIGIN, "https://example.com/a b\u00c3\u00a9"));
        Url https = assertInstanceOf(Follow.class, RULES.next(ORIGIN, "https://example.com/")).url();
        assertEquals("https://example.com/next", follow(https, "/next"), "relative to an https hop stays https");
        assertEquals(443, https.port());
    }

    @Test
    void whatACaWillNotFollow() {
        assertEquals("redirect to scheme 'ftp' (a CA follows only http and https)", refuse("ftp://example.com/"));
        assertEquals("redirect to https on port 8443 (a CA follows only port 80 for http and 443 for https)",
                refuse("https://example.com:8443/"));
        assertEquals("redirect to http on port 443 (a CA follows only port 80 for http and 443 for https)",
                refuse("http://example.com:443/"));
        assertEquals("redirect target has a malformed port", refuse("https://example.com:99999/"));
        assertEquals("redirect target has no host", refuse("https:///path"));
        assertEquals("redirect target host 'example.com.well-known' (a '/' is missing in the redirect)",
                refuse("https://example.com.well-known/acme-challenge/tok"));
        assertEquals("redirect without a Location", refuse("  "));
        assertEquals("unusable Location in redirect", refuse("https://exa mple.com/%zz"));
    }

    @Test
    void injectedPortsAreTheOnlyOnesFollowed() {
        AcmeRedirects test = new AcmeRedirects(40080, 40443);
        Url origin = test.origin("127.0.0.5", "/");
        Follow f = assertInstanceOf(Follow.class, test.next(origin, "https://127.0.0.6/x"));
        assertEquals(40443, f.url().port());
        assertEquals("https://127.0.0.6/x", test.show(f.url()));
        assertInstanceOf(Follow.class, test.next(origin, "https://127.0.0.6:40443/x"));
        assertInstanceOf(Refuse.class, test.next(origin, "https://127.0.0.6:443/x"));
    }

    /** Random Locations (bytes a server might send): always a Follow or a Refuse, never an exception. */
    @Test
    void randomLocationsNeverThrow() {
        Random random = new Random(7L);
        String alphabet = "htps:/[]@?#%.:0123456789abcdefxyz \t\\|{}<>\"^`\u00e9\u00ff\u0000-_~!$&'()*+,;=";
        for (int i = 0; i < 50000; i++) {
            StringBuilder s = new StringBuilder(i % 2 == 0 ? "https://" : "");
            for (int n = random.nextInt(40); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Next next = RULES.next(ORIGIN, s.toString());
            assertNotNull(next);
            if (next instanceof Follow f) {
                Url u = f.url();
                assertEquals(u.https() ? 443 : 80, u.port(), s::toString);
                assertEquals('/', u.path().charAt(0), s::toString);
            }
        }
    }
}
