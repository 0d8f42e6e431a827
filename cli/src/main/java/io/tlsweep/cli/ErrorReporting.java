package io.tlsweep.cli;

import io.tlsweep.core.BadInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * One place that turns errors into what a user sees: one line on stderr naming the bad token, and
 * an exit code. Never a stack trace for bad input; for a bug, one line unless TLSWEEP_DEBUG is set.
 */
final class ErrorReporting {

    private ErrorReporting() {
    }

    static final class ParameterErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            // qualifiedName: "tlsweep scan" for a subcommand, plain "tlsweep" at the top (not "tlsweep tlsweep")
            err.println("tlsweep: " + message(ex) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
    }

    /** Picocli's wording, except for an unknown command, where "Unmatched argument at index 0" says nothing. */
    private static String message(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && !u.getCommandLine().getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + oneLine(u.getUnmatched().get(0)) + "': use one of "
                    + String.join(", ", u.getCommandLine().getSubcommands().keySet());
        }
        return oneLine(ex.getMessage());
    }

    static final class ExecutionErrors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
            PrintWriter err = cl.getErr();
            if (ex instanceof BadInputException) {
                err.println("tlsweep: " + oneLine(ex.getMessage()));
                err.flush();
                return ExitCodes.BAD_INPUT;
            }
            err.println("tlsweep: internal error: " + oneLine(String.valueOf(ex))
                    + (debug() ? "" : " (set TLSWEEP_DEBUG=1 for the stack trace)"));
            if (debug()) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.INTERNAL;
        }
    }

    static final class ExitCodeMapper implements IExitCodeExceptionMapper {
        @Override
        public int getExitCode(Throwable t) {
            return t instanceof BadInputException ? ExitCodes.BAD_INPUT : ExitCodes.INTERNAL;
        }
    }

    private static boolean debug() {
        String v = System.getenv("TLSWEEP_DEBUG");
        return v != null && !v.isEmpty() && !v.equals("0");
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').trim();
    }
}
