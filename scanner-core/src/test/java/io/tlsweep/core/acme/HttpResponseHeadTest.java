package io.tlsweep.core.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpResponseHeadTest {

    private static HttpResponseHead parse(String s) throws HttpHeadException {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return HttpResponseHead.parse(b, b.length);
    }

    private static String message(String s) {
        return assertThrows(HttpHeadException.class, () -> parse(s)).getMessage();
    }

    @Test
    void statusAndFirstLocation() throws Exception {
        String head = "HTTP/1.1 301 Moved Permanently\r\nServer: x\r\nlocation:  https://a.test/b \r\n"
                + "Location: https://second.test/\r\n\r\n<html>body ignored";
        HttpResponseHead h = parse(head);
        assertEquals(301, h.status());
        assertEquals("https://a.test/b", h.location());
        assertEquals(head.indexOf("<html>"), h.length());
        assertTrue(h.isRedirect());
    }

    @Test
    void bareLineFeedsNoReasonAndFoldedLinesAreAccepted() throws Exception {
        HttpResponseHead h = parse("HTTP/1.0 404\nX-Long: a\n  continued\nLocation: /x\n\n");
        assertEquals(404, h.status());
        assertEquals("/x", h.location());
        assertFalse(h.isRedirect(), "a 404 with a Location is not a redirect");
        assertEquals(200, parse("HTTP/2 200 OK\r\n\r\n").status());
    }

    @Test
    void redirectsNeedALocation() throws Exception {
        assertFalse(parse("HTTP/1.1 302 Found\r\n\r\n").isRedirect());
        assertFalse(parse("HTTP/1.1 302 Found\r\nLocation:\r\n\r\n").isRedirect());
        for (int code : new int[] {301, 302, 303, 307, 308}) {
            assertTrue(parse("HTTP/1.1 " + code + " x\r\nLocation: /a\r\n\r\n").isRedirect(), "" + code);
        }
        for (int code : new int[] {300, 304, 305, 306}) {
            assertFalse(parse("HTTP/1.1 " + code + " x\r\nLocation: /a\r\n\r\n").isRedirect(), "" + code);
        }
    }

    @Test
    void incompleteHeadsAskForMore() throws Exception {
        String whole = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        for (int n = 0; n < whole.length(); n++) {
            assertNull(parse(whole.substring(0, n)), "prefix of " + n + " bytes");
        }
        assertNotNull(parse(whole));
    }

    @Test
    void notHttpIsKnownFromTheFirstBytes() {
        assertEquals("not an HTTP response", message("SSH-2.0-OpenSSH"));
        assertEquals("not an HTTP response", message("\u0015\u0003\u0001"));
        assertEquals("not an HTTP response", message("HTTX"));
        assertEquals("not an HTTP response", message("http/1.1 200 OK\r\n\r\n"));
    }

    @Test
    void malformedLinesFailWhenTheyEnd() {
        assertEquals("malformed HTTP status line", message("HTTP/1.1 20 OK\r\n"));
        assertEquals("malformed HTTP status line", message("HTTP/1.1 2000 OK\r\n"));
        assertEquals("malformed HTTP status line", message("HTTP/x 200 OK\r\n"));
        assertEquals("malformed HTTP status line", message("HTTP/1.1 099 OK\r\n"));
        assertEquals("malformed header line in the HTTP response", message("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"));
        assertEquals("malformed header line in the HTTP response", message("HTTP/1.1 200 OK\r\n: empty name\r\n\r\n"));
        assertEquals("malformed header line in the HTTP response", message("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n"));
    }

    @Test
    void aHeadThatNeverEndsStopsAtTheCap() throws Exception {
        StringBuilder s = new StringBuilder("HTTP/1.1 200 OK\r\n");
        while (s.length() + 22 < HttpResponseHead.MAX_BYTES) {
            s.append("X-Filler: 0123456789\r\n");
        }
        assertNull(parse(s.toString()), "under the cap: may still end");
        while (s.length() < HttpResponseHead.MAX_BYTES) {
            s.append("X-Filler: 0123456789\r\n");
        }
        assertEquals("HTTP response head larger than 16384 bytes", message(s.toString()));
        // A status line alone that never ends is bounded the same way.
        assertEquals("HTTP response head larger than 16384 bytes", message("HTTP/1.1 200 " + "x".repeat(20000)));
    }

    /**
     * Random bytes, random mutations of real heads, and every split of them: only the typed error
     * escapes, a head never claims more bytes than it was given, and a verdict never changes when
     * more bytes arrive (so re-parsing the growing buffer is safe).
     */
    @Test
    void randomInputOnlyEverThrowsTheTypedError() {
        Random random = new Random(20240604L);
        String[] seeds = {
            "HTTP/1.1 301 Moved\r\nLocation: https://x.test/\r\n\r\n",
            "HTTP/1.0 404\nServer: nginx\n\n",
            "HTTP/1.1 200 OK\r\nA: b\r\n  folded\r\n\r\nbody",
        };
        for (int i = 0; i < 20000; i++) {
            byte[] input;
            if (i % 3 == 0) {
                input = new byte[random.nextInt(64)];
                random.nextBytes(input);
            } else {
                input = seeds[random.nextInt(seeds.length)].getBytes(StandardCharsets.ISO_8859_1);
                for (int m = random.nextInt(4); m > 0; m--) {
                    int at = random.nextInt(input.length);
                    input[at] = "\r\n :HTP/01x\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1)[random.nextInt(13)];
                }
            }
            Object previous = null;
            for (int n = 0; n <= input.length; n++) {
                Object verdict;
                try {
                    HttpResponseHead h = HttpResponseHead.parse(input, n);
                    assertTrue(h == null || (h.length() <= n && h.status() >= 100 && h.status() <= 999),
                            () -> Arrays.toString(input));
                    verdict = h;
                } catch (HttpHeadException e) {
                    assertNotNull(e.getMessage());
                    verdict = e.getMessage();
                } catch (RuntimeException e) {
                    throw new AssertionError("escaped the parser on " + Arrays.toString(Arrays.copyOf(input, n)), e);
                }
                if (previous != null) {
                    assertEquals(previous, verdict, () -> "changed its mind at " + Arrays.toString(input));
                }
                previous = verdict;
            }
        }
    }
}
