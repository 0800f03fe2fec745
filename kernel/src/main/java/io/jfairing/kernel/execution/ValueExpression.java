package io.jfairing.kernel.execution;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A snippet that is plainly an expression with a value, such as {@code 1+1}, {@code x * 2} or {@code list}, written as
 * a declaration of an {@code Object} variable that holds its value. JShell compiles a declaration of a given type in
 * two javac tasks; an expression takes four (two to find its type, then a declaration of a variable of that type).
 *
 * <p>Only text that cannot be anything else qualifies: no method call at its end (it could be {@code void}), no
 * assignment (its cell shows no value), no braces, lambdas or method references, and no declaration or statement
 * keyword first. Whatever the declaration does not compile as is evaluated as written, so a mistake here costs time,
 * never a different outcome.
 */
final class ValueExpression {
    /** The variable that holds the value; the evaluator drops it once the value is read. */
    static final String HOLDER = "$jfairing$value";

    private static final Set<String> STATEMENT_STARTS = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "final",
            "finally",
            "float",
            "for",
            "if",
            "import",
            "int",
            "interface",
            "long",
            "native",
            "non",
            "package",
            "private",
            "protected",
            "public",
            "record",
            "return",
            "sealed",
            "short",
            "static",
            "strictfp",
            "switch",
            "synchronized",
            "throw",
            "transient",
            "try",
            "var",
            "void",
            "volatile",
            "while",
            "yield");
    private static final Pattern FIRST_WORD = Pattern.compile("^([A-Za-z_$][\\w$]*)");
    /** {@code Type name}: a declaration without an initializer (two names side by side are no expression). */
    private static final Pattern TWO_NAMES = Pattern.compile("[\\w$>\\]]\\s+[A-Za-z_$][\\w$]*$");

    private static final Pattern COMPARISON = Pattern.compile("[=!<>]=");

    private ValueExpression() {}

    /** The declaration that holds {@code source}'s value, when {@code source} is plainly a value expression. */
    static Optional<String> asDeclaration(String source) {
        String text = source.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).stripTrailing();
        }
        if (text.isEmpty()
                || text.endsWith(")")
                || text.contains("{")
                || text.contains("->")
                || text.contains("::")
                || text.contains("//")
                || text.contains("/*")
                || text.contains("\\u") // a Unicode escape can be any of the characters looked for here
                || text.startsWith("@")
                || text.contains(HOLDER) // the declaration would see its own variable
                || COMPARISON.matcher(text).replaceAll("").contains("=")
                || (TWO_NAMES.matcher(text).find() && !text.contains(" instanceof "))) {
            return Optional.empty();
        }
        java.util.regex.Matcher first = FIRST_WORD.matcher(text);
        if (first.find() && STATEMENT_STARTS.contains(first.group(1))) {
            return Optional.empty();
        }
        return Optional.of("Object " + HOLDER + " = " + text + ";");
    }
}
