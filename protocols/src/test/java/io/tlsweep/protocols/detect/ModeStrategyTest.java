package io.tlsweep.protocols.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tlsweep.core.lab.fake.ToyDialect;
import io.tlsweep.core.engine.ModeObservation;
import io.tlsweep.core.engine.ProbeKind;
import io.tlsweep.core.prelude.PreludeStep;
import io.tlsweep.core.prelude.StartTlsDialect;
import io.tlsweep.core.result.PreludeInfo;
import io.tlsweep.core.result.Status;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which attempt follows which: the decisions of mode detection, with stand-in dialects. */
class ModeStrategyTest {

    private static StartTlsDialect named(String name) {
        return ToyDialect.serverFirst(name, in -> PreludeStep.NEED_MORE);
    }

    private static final StartTlsDialect SMTP = named("smtp");
    private static final StartTlsDialect IMAP = named("imap");
    private static final StartTlsDialect POSTGRES = named("postgres");
    private static final StartTlsDialect LDAP = named("ldap");
    private static final ModeStrategy DETECT = new ModeStrategy(
            Map.of("smtp", SMTP, "imap", IMAP, "postgres", POSTGRES, "ldap", LDAP), true);

    private static Target target(int port) throws Exception {
        return new Target(InetAddress.getByName("127.0.0.20"), port, Transport.TCP, null, null);
    }

    @Test
    void thePortCataloguePicksTheMode() throws Exception {
        assertSame(SMTP, DETECT.plan(target(587)).dialect());
        assertEquals("smtp-submission", DETECT.plan(target(587)).service());
        assertNull(DETECT.plan(target(465)).dialect(), "465 is implicit TLS");
        assertEquals(ProbeKind.IMPLICIT_TLS, DETECT.plan(target(40000)));
    }

    @Test
    void aPlaintextBannerOnAnImplicitPortIsUpgradedWithItsDialect() throws Exception {
        ModeObservation smtpBanner = new ModeObservation("implicit", null, Status.NOT_TLS,
                "220 mail ESMTP Postfix\\r\\n", null, null);
        ProbeKind next = DETECT.followUp(target(465), DETECT.plan(target(465)), smtpBanner);
        assertSame(SMTP, next.dialect());
        assertEquals("smtps", next.service(), "the record still names the port's service");

        ModeObservation ssh = new ModeObservation("implicit", null, Status.NOT_TLS, "SSH-2.0-x\\r\\n", null, null);
        assertNull(DETECT.followUp(target(443), ProbeKind.IMPLICIT_TLS, ssh), "no dialect speaks SSH");
    }

    @Test
    void aSilentStarttlsPortIsTriedWithImplicitTls() throws Exception {
        ProbeKind planned = DETECT.plan(target(587));
        ModeObservation silent = new ModeObservation("starttls", "smtp", Status.TIMEOUT, null,
                new PreludeInfo("smtp", null, null, null, null, false), null);
        ProbeKind next = DETECT.followUp(target(587), planned, silent);
        assertNull(next.dialect());
        assertEquals("smtp-submission", next.service());
    }

    @Test
    void answersInTheRightModeGetNoFollowUp() throws Exception {
        ProbeKind planned = DETECT.plan(target(587));
        ModeObservation refused = new ModeObservation("starttls", "smtp", Status.STARTTLS_REJECTED, null,
                new PreludeInfo("smtp", "220 mail\\r\\n", true, "454", "no", false), null);
        assertNull(DETECT.followUp(target(587), planned, refused));
        assertNull(DETECT.followUp(target(465), ProbeKind.IMPLICIT_TLS,
                new ModeObservation("implicit", null, Status.REFUSED, null, null, null)));
        ModeObservation smtpBanner = new ModeObservation("implicit", null, Status.NOT_TLS,
                "220 mail ESMTP Postfix\\r\\n", null, null);
        assertNull(new ModeStrategy(Map.of("smtp", SMTP), false).followUp(target(465), ProbeKind.IMPLICIT_TLS,
                smtpBanner), "--no-detect");
    }

    @Test
    void aSilentHangUpOnAnUncataloguedPortAsksTheClientFirstProtocolsInTurn() throws Exception {
        ModeObservation hungUp = new ModeObservation("implicit", null, Status.CLOSED, null, null, null);
        ProbeKind second = DETECT.followUp(target(15432), ProbeKind.IMPLICIT_TLS, hungUp);
        assertSame(POSTGRES, second.dialect());
        ModeObservation notPostgres = new ModeObservation("starttls", "postgres", Status.PROTOCOL_MISMATCH, null,
                new PreludeInfo("postgres", null, null, null, null, false), null);
        assertSame(LDAP, DETECT.followUp(target(15432), second, notPostgres).dialect());
        ModeObservation notLdap = new ModeObservation("starttls", "ldap", Status.CLOSED, null,
                new PreludeInfo("ldap", null, null, null, null, false), null);
        assertNull(DETECT.followUp(target(15432), new ProbeKind(null, LDAP), notLdap), "the chain ends");
        ModeObservation postgresNo = new ModeObservation("starttls", "postgres", Status.STARTTLS_UNSUPPORTED, null,
                new PreludeInfo("postgres", null, null, "N", null, false), null);
        assertNull(DETECT.followUp(target(15432), second, postgresNo), "PostgreSQL answered: nothing more to ask");
    }

    @Test
    void aCataloguedImplicitPortThatHangsUpIsNotProbedFurther() throws Exception {
        ModeObservation hungUp = new ModeObservation("implicit", null, Status.CLOSED, null, null, null);
        assertNull(DETECT.followUp(target(443), DETECT.plan(target(443)), hungUp),
                "443 promises TLS: a hang-up there is a TLS problem, not a mode question");
    }

    @Test
    void aBannerFollowUpNeverBouncesBackToImplicitTls() throws Exception {
        ModeObservation smtpSilent = new ModeObservation("starttls", "smtp", Status.TIMEOUT, null,
                new PreludeInfo("smtp", null, null, null, null, false), null);
        assertNull(DETECT.followUp(target(465), new ProbeKind("smtps", SMTP), smtpSilent),
                "on 465 the first attempt was implicit TLS already");
    }

    /** The web layer asks HTTPS ports even when ALPN selects nothing; other ports only on ALPN h2/http/1.1. */
    @Test
    void webPortsComeFromTheCatalogue() throws Exception {
        assertTrue(DETECT.plan(target(443)).webPort());
        assertTrue(DETECT.plan(target(8443)).webPort());
        assertFalse(DETECT.plan(target(993)).webPort());
        assertFalse(DETECT.plan(target(587)).webPort(), "a STARTTLS port");
        assertFalse(DETECT.plan(target(40000)).webPort(), "uncatalogued");
        assertTrue(io.tlsweep.protocols.Protocols.planner("none").plan(target(443)).webPort());
        assertFalse(io.tlsweep.protocols.Protocols.planner("smtp").plan(target(443)).webPort(), "a forced dialect");
    }

    private static Target udp(int port) throws Exception {
        return new Target(InetAddress.getByName("127.0.0.20"), port, Transport.UDP, null, null);
    }

    /** Entries are looked up by port and transport: 443/udp is HTTP/3, and UDP gets no TCP ideas. */
    @Test
    void udpTargetsGetTheUdpEntryAndNoDetection() throws Exception {
        assertEquals(new ProbeKind("https-h3", null), DETECT.plan(udp(443)));
        assertEquals("https", DETECT.plan(target(443)).service());
        assertEquals(ProbeKind.IMPLICIT_TLS, DETECT.plan(udp(587)), "587/udp is not catalogued: no SMTP dialect");
        ModeObservation hungUp = new ModeObservation("implicit", null, Status.CLOSED, null, null, null);
        assertNull(DETECT.followUp(udp(15432), ProbeKind.IMPLICIT_TLS, hungUp), "no PostgreSQL over UDP");
        ModeObservation banner = new ModeObservation("implicit", null, Status.NOT_TLS, "220 mail ESMTP\\r\\n", null,
                null);
        assertNull(DETECT.followUp(udp(465), ProbeKind.IMPLICIT_TLS, banner));
        assertNull(DETECT.diagnose(udp(443), null, hungUp));
    }
}
