package io.tlsweep.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/cli.md must name every option of every command and every exit code, so a new one cannot go undocumented. */
class CliDocTest {

    @Test
    void everyOptionAndExitCodeIsDocumented() throws Exception {
        String doc = Files.readString(repoRoot().resolve("docs/cli.md"));
        CommandLine top = Main.newCommandLine();
        checkOptions(top, doc);
        for (CommandLine sub : top.getSubcommands().values()) {
            assertTrue(doc.contains("## `" + sub.getCommandSpec().qualifiedName()), "a section for " + sub.getCommandName());
            checkOptions(sub, doc);
        }
        for (Field f : ExitCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                f.setAccessible(true);
                assertTrue(doc.contains("| `" + f.getInt(null) + "` |"), "exit code " + f.getName() + " in the table");
            }
        }
    }

    private static void checkOptions(CommandLine cl, String doc) {
        for (OptionSpec option : cl.getCommandSpec().options()) {
            for (String name : option.names()) {
                // as a table cell or in the usage block: `-q, --quiet`, `--seed N`, -h, --help
                Pattern named = Pattern.compile("(`|, )" + Pattern.quote(name) + "[` ,]");
                assertTrue(named.matcher(doc).find(),
                        cl.getCommandSpec().qualifiedName() + " " + name + " is not in docs/cli.md");
            }
        }
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("docs/cli.md")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        assertNotNull(dir, "repository root with docs/cli.md not found above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
