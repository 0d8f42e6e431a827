package io.tlsweep.core.grade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The grading rubric as data: the lines of {@code rubric.tsv} (beside this class), parsed and
 * checked once. Every problem fails the load with the line number, so a broken rubric stops the
 * program at start instead of grading wrongly.
 *
 * <p>Format: {@code #} comments and blank lines are skipped; every other line is five TAB-separated
 * columns {@code id kind condition effect rationale} (docs/grading.md describes the vocabulary).
 * Structure checked beyond each line: the score tables and the letter thresholds end in a catch-all
 * {@code always} row and have no row after it; each category has exactly one weight and the
 * weights sum to 100; ids are unique.
 */
public final class Rubric {

    /** The rubric shipped with tlsweep. */
    public static final String RESOURCE = "rubric.tsv";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.+-]*");

    private final List<RubricRule> rules;

    private Rubric(List<RubricRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Loads the shipped rubric. */
    public static Rubric standard() {
        try (InputStream in = Rubric.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new RubricException("missing resource " + RESOURCE + " beside " + Rubric.class.getName());
            }
            return load(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses and checks a rubric; {@code source} names it in error messages. */
    public static Rubric load(Reader reader, String source) throws IOException {
        List<RubricRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        BufferedReader in = new BufferedReader(reader);
        String text;
        int lineNo = 0;
        while ((text = in.readLine()) != null) {
            lineNo++;
            if (text.isBlank() || text.startsWith("#")) {
                continue;
            }
            RubricRule rule = parseLine(text, lineNo, source);
            if (!ids.add(rule.id())) {
                throw RubricException.at(source, lineNo, "duplicate id '" + rule.id() + "'");
            }
            rules.add(rule);
        }
        checkStructure(rules, source, lineNo);
        return new Rubric(rules);
    }

    private static RubricRule parseLine(String text, int lineNo, String source) {
        String[] cols = text.split("\t", -1);
        if (cols.length != 5) {
            throw RubricException.at(source, lineNo, "expected 5 TAB-separated columns (id kind condition effect"
                    + " rationale), found " + cols.length);
        }
        for (int i = 0; i < cols.length; i++) {
            if (cols[i].isBlank()) {
                throw RubricException.at(source, lineNo, "column " + (i + 1) + " is empty");
            }
        }
        String id = cols[0];
        if (!ID.matcher(id).matches()) {
            throw RubricException.at(source, lineNo, "bad id '" + id + "' (lower case letters, digits, _ . + -)");
        }
        RuleKind kind = RuleKind.parse(cols[1]);
        if (kind == null) {
            throw RubricException.at(source, lineNo, "unknown kind '" + cols[1] + "'");
        }
        try {
            Condition condition = Condition.parse(cols[2], kind);
            Effect effect = Effect.parse(cols[3], kind);
            return new RubricRule(lineNo, id, kind, condition, effect, cols[4]);
        } catch (IllegalArgumentException e) {
            throw RubricException.at(source, lineNo, e.getMessage());
        }
    }

    private static void checkStructure(List<RubricRule> rules, String source, int lastLine) {
        Map<RuleKind, List<RubricRule>> byKind = new EnumMap<>(RuleKind.class);
        for (RubricRule r : rules) {
            byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
        }
        for (RuleKind kind : List.of(RuleKind.PROTOCOL, RuleKind.KEX, RuleKind.CIPHER, RuleKind.LETTER)) {
            List<RubricRule> rows = byKind.getOrDefault(kind, List.of());
            if (rows.isEmpty()) {
                throw RubricException.at(source, lastLine, "no " + kind.wire() + " rule");
            }
            for (int i = 0; i < rows.size(); i++) {
                boolean last = i == rows.size() - 1;
                boolean always = rows.get(i).condition().isAlways();
                if (always && !last) {
                    throw RubricException.at(source, rows.get(i + 1).line(), "unreachable " + kind.wire()
                            + " rule after the catch-all 'always' of line " + rows.get(i).line());
                }
                if (last && !always) {
                    throw RubricException.at(source, rows.get(i).line(), "the last " + kind.wire()
                            + " rule must have condition 'always' (a catch-all)");
                }
            }
        }
        Map<String, RubricRule> weights = new HashMap<>();
        int sum = 0;
        for (RubricRule r : byKind.getOrDefault(RuleKind.WEIGHT, List.of())) {
            if (weights.put(r.effect().category(), r) != null) {
                throw RubricException.at(source, r.line(), "second weight for " + r.effect().category());
            }
            sum += r.effect().number();
        }
        if (!weights.keySet().equals(Effect.CATEGORIES)) {
            throw RubricException.at(source, lastLine, "weights needed for " + Effect.CATEGORIES + ", found "
                    + weights.keySet());
        }
        if (sum != 100) {
            throw RubricException.at(source, lastLine, "weights sum to " + sum + ", not 100");
        }
    }

    /** Every rule, in rubric order. */
    List<RubricRule> rules() {
        return rules;
    }

    /** The ids in rubric order (docs/grading.md lists the same). */
    public List<String> ids() {
        return rules.stream().map(RubricRule::id).toList();
    }
}
