package io.tlsweep.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tlsweep.core.engine.ProbeKind;
import io.tlsweep.core.engine.ProbePlanner;
import io.tlsweep.core.target.Target;
import io.tlsweep.core.target.Transport;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --starttls auto} finds the LDAP, PostgreSQL, MySQL, SQL Server and XMPP dialects from the port alone. */
class BinaryDialectsPlanTest {

    @ParameterizedTest
    @CsvSource({"389, ldap", "5432, postgres", "3306, mysql", "1433, mssql", "5222, xmpp", "5269, xmpp"})
    void autoPicksTheDialectForItsPort(int port, String dialect) throws Exception {
        ProbeKind kind = Protocols.planner("auto").plan(target(port));
        assertEquals(dialect, kind.dialect().name());
        assertEquals("starttls", kind.tlsMode());
    }

    @ParameterizedTest
    @CsvSource({"636", "5223", "3269"})
    void theirImplicitTlsPortsGetNoDialect(int port) throws Exception {
        assertNull(Protocols.planner("auto").plan(target(port)).dialect());
    }

    @ParameterizedTest
    @CsvSource({"ldap", "POSTGRES", "mysql", "mssql", "xmpp"})
    void eachCanBeForcedByName(String name) throws Exception {
        ProbePlanner planner = Protocols.planner(name);
        assertEquals(name.toLowerCase(java.util.Locale.ROOT), planner.plan(target(443)).dialect().name());
    }

    private static Target target(int port) throws Exception {
        return new Target(InetAddress.getByName("127.0.0.1"), port, Transport.TCP, null, null);
    }
}
