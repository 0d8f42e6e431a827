package io.tlsweep.core.grade;

import io.tlsweep.core.result.ChainReport;
import io.tlsweep.core.result.EnumerationInfo;
import io.tlsweep.core.result.Finding;
import io.tlsweep.core.result.Grade;
import io.tlsweep.core.result.Grade.GradeRule;
import io.tlsweep.core.result.VersionEnumeration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Grades one endpoint by the rubric (docs/grading.md): pure, deterministic, thread-safe, no I/O
 * after the rubric is loaded.
 *
 * <pre>{@code
 * Grader grader = Grader.standard();              // the shipped rubric, loaded once
 * Grade g = grader.grade(record.enumeration(), record.findings(), chainReport);
 * }</pre>
 *
 * Steps: (1) the protocol table scores every accepted version, the category is (best + worst) / 2;
 * (2) the kex table scores every accepted suite's key exchange (the weaker of the ephemeral key and
 * the certificate key, in RSA-equivalent bits), the category is the weakest; (3) the cipher table
 * scores every accepted suite's cipher, the category is (strongest + weakest) / 2; (4) the weights
 * combine the categories into a total 0-100 (rounded half up); (5) score rules adjust the total;
 * (6) the first matching letter threshold names the letter; (7) every matching cap lowers it, or
 * marks it T; (8) the bonus raises an uncapped A to A+. The grade's {@code score} is the total of
 * step 5; its {@code rules} list every rule that applied, in rubric order.
 */
public final class Grader {

    private static final class Standard {
        static final Grader INSTANCE = new Grader(Rubric.standard());
    }

    private final Rubric rubric;

    public Grader(Rubric rubric) {
        this.rubric = Objects.requireNonNull(rubric, "rubric");
    }

    /** The grader of the shipped rubric, loaded on first use (a broken rubric throws {@link RubricException}). */
    public static Grader standard() {
        return Standard.INSTANCE;
    }

    /**
     * Grades one endpoint.
     *
     * @param enumeration what {@code --enum} learnt (required)
     * @param findings    the record's findings (enumeration and certificate ones); null counts as none
     * @param certs       the served chain's report, or null when the normal handshake saw no
     *                    certificate: then rule {@code cert.missing} applies (T), and the key exchange
     *                    is scored from the ephemeral keys alone (RSA key transport cannot be measured)
     * @return the grade, or null when the enumeration found no accepted version (nothing to grade)
     */
    public Grade grade(EnumerationInfo enumeration, List<Finding> findings, ChainReport certs) {
        Objects.requireNonNull(enumeration, "enumeration");
        if (enumeration.versions().isEmpty()) {
            return null;
        }
        EndpointFacts facts = EndpointFacts.of(enumeration, findings == null ? List.of() : findings, certs);
        TreeMap<Integer, GradeRule> applied = new TreeMap<>();

        Category protocol = scoreTable(RuleKind.PROTOCOL, protocolItems(facts), true, applied);
        Category kex = scoreTable(RuleKind.KEX, kexItems(enumeration, facts), false, applied);
        Category cipher = scoreTable(RuleKind.CIPHER, cipherItems(enumeration), true, applied);

        long num = 0;
        long weightSum = 0;
        boolean categoryZero = false;
        List<RubricRule> rules = rubric.rules();
        for (int i = 0; i < rules.size(); i++) {
            RubricRule r = rules.get(i);
            if (r.kind() != RuleKind.WEIGHT) {
                continue;
            }
            Category c = switch (r.effect().category()) {
                case "protocol" -> protocol;
                case "kex" -> kex;
                default -> cipher;
            };
            String detail = r.rationale();
            if (c == null) {
                detail += " (not measured here: left out of the total)";
            } else {
                num += (long) r.effect().number() * c.twiceScore();
                weightSum += r.effect().number();
                categoryZero |= c.twiceScore() == 0;
            }
            applied.put(i, new GradeRule(r.id(), "weight:" + r.effect().category() + "=" + r.effect().number(), detail));
        }
        long den = 2 * weightSum;
        int score = weightSum == 0 ? 0 : (int) ((2 * num + den) / (2 * den));

        for (int i = 0; i < rules.size(); i++) {
            RubricRule r = rules.get(i);
            if (r.kind() == RuleKind.SCORE
                    && r.condition().test(new Condition.Context(facts, null, null, false, categoryZero, score, null, false))) {
                score = r.effect().number();
                applied.put(i, new GradeRule(r.id(), "score:total=" + score, r.rationale()));
            }
        }

        String letter = null;
        for (int i = 0; i < rules.size() && letter == null; i++) {
            RubricRule r = rules.get(i);
            if (r.kind() == RuleKind.LETTER && r.condition().test(context(facts, categoryZero, score, null, false))) {
                letter = r.effect().letter();
                applied.put(i, new GradeRule(r.id(), "letter:" + letter, r.rationale() + " (total " + score + ")"));
            }
        }

        boolean capped = false;
        boolean untrusted = false;
        for (int i = 0; i < rules.size(); i++) {
            RubricRule r = rules.get(i);
            if (r.kind() == RuleKind.CAP && r.condition().test(context(facts, categoryZero, score, letter, capped))) {
                String cap = r.effect().letter();
                capped = true;
                if (Letters.TRUST.equals(cap)) {
                    untrusted = true;
                } else {
                    letter = Letters.worse(letter, cap);
                }
                applied.put(i, new GradeRule(r.id(), "cap:" + cap, r.rationale()));
            }
        }

        for (int i = 0; i < rules.size(); i++) {
            RubricRule r = rules.get(i);
            if (r.kind() == RuleKind.BONUS && r.condition().test(context(facts, categoryZero, score, letter, capped))) {
                letter = Letters.A_PLUS;
                applied.put(i, new GradeRule(r.id(), "bonus:" + Letters.A_PLUS, r.rationale()));
            }
        }
        return new Grade(untrusted ? Letters.TRUST : letter, score, new ArrayList<>(applied.values()));
    }

    private static Condition.Context context(EndpointFacts facts, boolean categoryZero, int score, String letter,
                                             boolean capped) {
        return new Condition.Context(facts, null, null, false, categoryZero, score, letter, capped);
    }

    /** One thing a score table scores, and how to name it in a rule's detail. */
    private record Item(Condition.Context context, String label) {
    }

    /** A category's score times two (so (best + worst) / 2 stays whole). */
    private record Category(int twiceScore) {
    }

    private static List<Item> protocolItems(EndpointFacts facts) {
        List<Item> items = new ArrayList<>();
        for (String v : facts.versions()) {
            items.add(new Item(Condition.Context.item(v, null, false), v));
        }
        return items;
    }

    private static List<Item> kexItems(EnumerationInfo enumeration, EndpointFacts facts) {
        List<Item> items = new ArrayList<>();
        Integer leaf = facts.leafKeyBits();
        for (VersionEnumeration v : enumeration.perVersion()) {
            for (String suite : v.suites()) {
                String label = suite + " at " + v.version();
                switch (SuiteTraits.kex(suite)) {
                    case ANONYMOUS -> items.add(new Item(Condition.Context.item(null, null, true), label + " (anonymous)"));
                    case UNKNOWN -> { }
                    default -> {
                        Integer bits = kexBits(SuiteTraits.kex(suite), v, leaf);
                        if (bits != null) {
                            items.add(new Item(Condition.Context.item(null, bits, false), label + " (" + bits + " bits)"));
                        }
                    }
                }
            }
        }
        return items;
    }

    /** The weaker of the agreement and the certificate key; null when neither can be measured. */
    private static Integer kexBits(SuiteTraits.Kex kex, VersionEnumeration v, Integer leaf) {
        Integer agreement = switch (kex) {
            case EXPORT_512 -> 512;
            case DHE -> v.dhBits();
            case ECDHE, TLS13 -> weakestGroup(v.groups());
            default -> null;
        };
        if (agreement == null) {
            return leaf;
        }
        return leaf == null ? agreement : Math.min(agreement, leaf);
    }

    private static Integer weakestGroup(List<String> groups) {
        Integer min = null;
        for (String g : groups) {
            Integer bits = KeyStrength.group(g);
            if (bits != null && (min == null || bits < min)) {
                min = bits;
            }
        }
        return min;
    }

    private static List<Item> cipherItems(EnumerationInfo enumeration) {
        List<Item> items = new ArrayList<>();
        for (VersionEnumeration v : enumeration.perVersion()) {
            for (String suite : v.suites()) {
                Integer bits = SuiteTraits.cipherBits(suite);
                if (bits != null) {
                    items.add(new Item(Condition.Context.item(null, bits, false), suite + " (" + bits + " bits)"));
                }
            }
        }
        return items;
    }

    /**
     * Scores {@code items} by the first matching row of the {@code kind} table and records the rows
     * that set the category: the weakest item's and, with {@code bestAndWorst}, the strongest's.
     * Null when there is nothing to score.
     */
    private Category scoreTable(RuleKind kind, List<Item> items, boolean bestAndWorst,
                                TreeMap<Integer, GradeRule> applied) {
        List<RubricRule> rules = rubric.rules();
        int bestIdx = -1;
        int worstIdx = -1;
        Item best = null;
        Item worst = null;
        for (Item item : items) {
            for (int i = 0; i < rules.size(); i++) {
                RubricRule r = rules.get(i);
                if (r.kind() == kind && r.condition().test(item.context())) {
                    int points = r.effect().number();
                    if (best == null || points >= rules.get(bestIdx).effect().number()) { // ties: the later (newer) item
                        best = item;
                        bestIdx = i;
                    }
                    if (worst == null || points < rules.get(worstIdx).effect().number()) {
                        worst = item;
                        worstIdx = i;
                    }
                    break;
                }
            }
        }
        if (worst == null) {
            return null;
        }
        int worstPoints = rules.get(worstIdx).effect().number();
        int bestPoints = rules.get(bestIdx).effect().number();
        int twice = bestAndWorst ? bestPoints + worstPoints : 2 * worstPoints;
        String category = kind.wire();
        String total = bestAndWorst
                ? category + " score (" + bestPoints + " + " + worstPoints + ") / 2 = " + half(twice)
                : category + " score " + worstPoints;
        if (!bestAndWorst || bestIdx == worstIdx) {
            String who = bestAndWorst && best != worst ? best.label() + ", " + worst.label() : worst.label();
            applied.put(worstIdx, new GradeRule(rules.get(worstIdx).id(), "score:" + category + "=" + worstPoints,
                    rules.get(worstIdx).rationale() + ": " + who + "; " + total));
        } else {
            applied.put(worstIdx, new GradeRule(rules.get(worstIdx).id(), "score:" + category + "=" + worstPoints,
                    rules.get(worstIdx).rationale() + ": weakest " + worst.label() + "; " + total));
            applied.put(bestIdx, new GradeRule(rules.get(bestIdx).id(), "score:" + category + "=" + bestPoints,
                    rules.get(bestIdx).rationale() + ": strongest " + best.label() + "; " + total));
        }
        return new Category(twice);
    }

    private static String half(int twice) {
        return twice % 2 == 0 ? Integer.toString(twice / 2) : (twice / 2) + ".5";
    }
}
