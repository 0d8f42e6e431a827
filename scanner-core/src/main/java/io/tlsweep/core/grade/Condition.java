package io.tlsweep.core.grade;

import io.tlsweep.core.result.FindingCode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A rubric line's condition, parsed from the third column: clauses joined by {@code " & "}, each
 * clause one or more atoms joined by {@code |}, each atom optionally negated by a leading {@code !}.
 * The atoms are a fixed vocabulary (docs/grading.md#conditions); each kind of line accepts only the
 * atoms that make sense for it, so a typo fails when the rubric loads, not while grading.
 */
final class Condition {

    /** The versions a condition may name, in the records' spelling. */
    static final Set<String> VERSIONS = Set.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    enum AtomType {
        ALWAYS("always", false, EnumSet.allOf(RuleKind.class)),
        VERSION("version:", false, EnumSet.of(RuleKind.PROTOCOL)),
        ANONYMOUS("anonymous", false, EnumSet.of(RuleKind.KEX)),
        BITS_BELOW("bits<", true, EnumSet.of(RuleKind.KEX, RuleKind.CIPHER)),
        SCORE_AT_LEAST("score>=", true, EnumSet.of(RuleKind.LETTER)),
        FINDING("finding:", false, Scopes.ENDPOINT),
        ACCEPTED("accepted:", false, Scopes.ENDPOINT),
        ONLY("only:", false, Scopes.ENDPOINT),
        SINGLE_VERSION("single_version", false, Scopes.ENDPOINT),
        KEY_BITS_BELOW("key_bits<", true, Scopes.ENDPOINT),
        DH_BITS_BELOW("dh_bits<", true, Scopes.ENDPOINT),
        RENEG_SECURE("reneg_secure", false, Scopes.ENDPOINT),
        FALLBACK_SCSV("fallback_scsv", false, Scopes.ENDPOINT),
        COMPRESSION("compression", false, Scopes.ENDPOINT),
        ALL_SUITES_FS("all_suites_fs", false, Scopes.ENDPOINT),
        ENUM_INCOMPLETE("enum_incomplete", false, Scopes.ENDPOINT),
        CERT_MISSING("cert_missing", false, Scopes.ENDPOINT),
        CATEGORY_ZERO("category_zero", false, Scopes.ENDPOINT),
        LETTER("letter:", false, EnumSet.of(RuleKind.BONUS)),
        CAPPED("capped", false, EnumSet.of(RuleKind.BONUS));

        final String spelling;
        final boolean numeric;
        final Set<RuleKind> kinds;

        AtomType(String spelling, boolean numeric, Set<RuleKind> kinds) {
            this.spelling = spelling;
            this.numeric = numeric;
            this.kinds = kinds;
        }

        boolean takesArgument() {
            return spelling.endsWith(":") || numeric;
        }
    }

    /** Held apart because an enum constant's initializer cannot read a static field of its own enum. */
    private static final class Scopes {
        static final Set<RuleKind> ENDPOINT = EnumSet.of(RuleKind.SCORE, RuleKind.CAP, RuleKind.BONUS);
    }

    record Atom(boolean negated, AtomType type, String argument, int number) {
    }

    /**
     * What a condition is tested against. A score-table row sees one item (a version, or a key
     * exchange or cipher strength); the other kinds see the endpoint and the grading so far.
     *
     * @param facts     the endpoint (null for a score-table item)
     * @param version   the item's protocol version (protocol table)
     * @param bits      the item's strength (kex, cipher tables), or null
     * @param anonymous the item is an anonymous key exchange
     * @param categoryZero some category scored 0
     * @param score     the weighted total so far
     * @param letter    the letter after caps (bonus rules)
     * @param capped    some cap applied (bonus rules)
     */
    record Context(EndpointFacts facts, String version, Integer bits, boolean anonymous, boolean categoryZero,
                   int score, String letter, boolean capped) {

        static Context item(String version, Integer bits, boolean anonymous) {
            return new Context(null, version, bits, anonymous, false, 0, null, false);
        }
    }

    private final String text;
    private final List<List<Atom>> clauses;

    private Condition(String text, List<List<Atom>> clauses) {
        this.text = text;
        this.clauses = clauses;
    }

    /** Parses {@code text} for a line of {@code kind}; an {@link IllegalArgumentException} says what is wrong. */
    static Condition parse(String text, RuleKind kind) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("empty condition");
        }
        List<List<Atom>> clauses = new ArrayList<>();
        for (String clause : text.split(" & ", -1)) {
            List<Atom> any = new ArrayList<>();
            for (String atom : clause.split("\\|", -1)) {
                any.add(parseAtom(atom, kind));
            }
            clauses.add(List.copyOf(any));
        }
        return new Condition(text, List.copyOf(clauses));
    }

    private static Atom parseAtom(String raw, RuleKind kind) {
        boolean negated = raw.startsWith("!");
        String body = negated ? raw.substring(1) : raw;
        for (AtomType type : AtomType.values()) {
            boolean matches = type.takesArgument() ? body.startsWith(type.spelling) : body.equals(type.spelling);
            if (!matches) {
                continue;
            }
            if (!type.kinds.contains(kind)) {
                throw new IllegalArgumentException("condition '" + type.spelling + "' is not allowed in a "
                        + kind.wire() + " rule");
            }
            String argument = body.substring(type.spelling.length());
            int number = 0;
            if (type.numeric) {
                try {
                    number = Integer.parseInt(argument);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("condition '" + raw + "' needs a whole number");
                }
            } else if (type.takesArgument()) {
                checkArgument(type, argument, raw);
            }
            return new Atom(negated, type, argument, number);
        }
        throw new IllegalArgumentException("unknown condition '" + raw + "'");
    }

    private static void checkArgument(AtomType type, String argument, String raw) {
        boolean ok = switch (type) {
            case VERSION, ACCEPTED, ONLY -> VERSIONS.contains(argument);
            case FINDING -> isFindingCode(argument);
            case LETTER -> Letters.isAtoF(argument);
            default -> false;
        };
        if (!ok) {
            throw new IllegalArgumentException("condition '" + raw + "' names an unknown "
                    + (type == AtomType.FINDING ? "finding code" : type == AtomType.LETTER ? "letter" : "version"));
        }
    }

    private static boolean isFindingCode(String wire) {
        for (FindingCode c : FindingCode.values()) {
            if (c.wire().equals(wire)) {
                return true;
            }
        }
        return false;
    }

    /** True when every clause has an atom that holds. */
    boolean test(Context ctx) {
        for (List<Atom> clause : clauses) {
            boolean any = false;
            for (Atom atom : clause) {
                if (holds(atom, ctx) != atom.negated()) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    /** True for the catch-all {@code always}. */
    boolean isAlways() {
        return clauses.size() == 1 && clauses.get(0).size() == 1
                && clauses.get(0).get(0).type() == AtomType.ALWAYS && !clauses.get(0).get(0).negated();
    }

    private static boolean holds(Atom atom, Context ctx) {
        EndpointFacts f = ctx.facts();
        return switch (atom.type()) {
            case ALWAYS -> true;
            case VERSION -> atom.argument().equals(ctx.version());
            case ANONYMOUS -> ctx.anonymous();
            case BITS_BELOW -> ctx.bits() != null && ctx.bits() < atom.number();
            case SCORE_AT_LEAST -> ctx.score() >= atom.number();
            case FINDING -> f.findingCodes().contains(atom.argument());
            case ACCEPTED -> f.versions().contains(atom.argument());
            case ONLY -> f.versions().equals(List.of(atom.argument()));
            case SINGLE_VERSION -> f.versions().size() == 1;
            case KEY_BITS_BELOW -> f.leafKeyBits() != null && f.leafKeyBits() < atom.number();
            case DH_BITS_BELOW -> f.minDhBits() != null && f.minDhBits() < atom.number();
            case RENEG_SECURE -> Boolean.TRUE.equals(f.secureRenegotiation());
            case FALLBACK_SCSV -> Boolean.TRUE.equals(f.fallbackScsv());
            case COMPRESSION -> Boolean.TRUE.equals(f.compression());
            case ALL_SUITES_FS -> f.allSuitesForwardSecret();
            case ENUM_INCOMPLETE -> !f.enumerationComplete();
            case CERT_MISSING -> f.certMissing();
            case CATEGORY_ZERO -> ctx.categoryZero();
            case LETTER -> atom.argument().equals(ctx.letter());
            case CAPPED -> ctx.capped();
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
