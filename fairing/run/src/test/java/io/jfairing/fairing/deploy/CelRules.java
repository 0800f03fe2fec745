package io.jfairing.fairing.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A small interpreter of the CEL subset that the {@code x-kubernetes-validations} rules of {@code ../shared/crds} use
 * (no CEL engine is on this build's class path): literals (integers, single-quoted strings, lists), {@code self},
 * field selection, {@code has(x.f)}, {@code size(x)} and {@code x.size()}, {@code x.matches('re')},
 * {@code x.exists(v, e)}, {@code x.all(v, e)}, {@code x.filter(v, e)}, {@code !}, {@code &&}, {@code ||},
 * {@code == != < <= > >=}, {@code in}, parentheses. Anything else is an {@link UnsupportedRule}: the validator reports it
 * as a failure, so no rule is ever skipped silently.
 *
 * <p>Transition rules (those naming {@code oldSelf}) run on updates only; the API server does not evaluate them on
 * create, and neither does this (see {@link #isTransitionRule}). A field selection on a missing field is a CEL
 * evaluation error ("no such key"), which the API server reports as a failed rule; so is it here.
 */
final class CelRules {
    /** A rule form this interpreter does not know. */
    static final class UnsupportedRule extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedRule(String message) {
            super(message);
        }
    }

    /** A CEL evaluation error (no such key, wrong type). */
    static final class EvalError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EvalError(String message) {
            super(message);
        }
    }

    private static final Map<String, Node> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private CelRules() {}

    static boolean isTransitionRule(String rule) {
        return Pattern.compile("\\boldSelf\\b").matcher(rule).find();
    }

    /** Parses {@code rule}; throws {@link UnsupportedRule} for a form this interpreter does not know. */
    static void parse(String rule) {
        CACHE.computeIfAbsent(rule, r -> new Parser(r).parseAll());
    }

    /** The rule's value for {@code self}; throws {@link UnsupportedRule} or {@link EvalError}. */
    static boolean evaluate(String rule, JsonNode self) {
        Node n = CACHE.computeIfAbsent(rule, r -> new Parser(r).parseAll());
        Map<String, Object> scope = new HashMap<>();
        scope.put("self", toValue(self));
        Object v = n.eval(scope);
        if (!(v instanceof Boolean b)) {
            throw new EvalError("rule does not give a bool: " + v);
        }
        return b;
    }

    static Object toValue(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isTextual()) return n.asText();
        if (n.isBoolean()) return n.asBoolean();
        if (n.isIntegralNumber()) return n.asLong();
        if (n.isNumber()) return n.asDouble();
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(toValue(x)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), toValue(e.getValue()));
        }
        return out;
    }

    interface Node {
        Object eval(Map<String, Object> scope);
    }

    private static final class Parser {
        private final String src;
        private int pos;

        Parser(String src) {
            this.src = src;
        }

        Node parseAll() {
            Node n = or();
            skip();
            if (pos != src.length()) {
                throw unsupported("unexpected '" + src.substring(pos) + "'");
            }
            return n;
        }

        private UnsupportedRule unsupported(String why) {
            return new UnsupportedRule("CEL rule form not supported by the test interpreter (" + why + "): " + src);
        }

        private void skip() {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
        }

        private boolean eat(String token) {
            skip();
            if (src.startsWith(token, pos)) {
                if (Character.isLetter(token.charAt(0))
                        && pos + token.length() < src.length()
                        && Character.isLetterOrDigit(src.charAt(pos + token.length()))) {
                    return false;
                }
                pos += token.length();
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!eat(token)) throw unsupported("expected '" + token + "' at " + pos);
        }

        private Node or() {
            Node l = and();
            while (eat("||")) {
                Node a = l, b = and();
                l = s -> truth(a.eval(s)) || truth(b.eval(s));
            }
            return l;
        }

        private Node and() {
            Node l = relation();
            while (eat("&&")) {
                Node a = l, b = relation();
                l = s -> truth(a.eval(s)) && truth(b.eval(s));
            }
            return l;
        }

        private Node relation() {
            Node l = unary();
            for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">", "in"}) {
                if (eat(op)) {
                    Node a = l, b = unary();
                    return s -> compare(op, a.eval(s), b.eval(s));
                }
            }
            return l;
        }

        private Node unary() {
            if (eat("!")) {
                Node n = unary();
                return s -> !truth(n.eval(s));
            }
            return postfix(primary());
        }

        private Node postfix(Node target) {
            while (eat(".")) {
                String name = ident();
                if (eat("(")) {
                    target = method(target, name);
                } else {
                    Node t = target;
                    target = s -> select(t.eval(s), name);
                }
            }
            return target;
        }

        private Node method(Node target, String name) {
            switch (name) {
                case "size" -> {
                    expect(")");
                    return s -> size(target.eval(s));
                }
                case "matches" -> {
                    Node re = or();
                    expect(")");
                    return s -> Pattern.compile((String) re.eval(s))
                            .matcher(string(target.eval(s)))
                            .find();
                }
                case "exists", "all", "filter" -> {
                    String var = ident();
                    expect(",");
                    Node body = or();
                    expect(")");
                    return s -> {
                        Object list = target.eval(s);
                        if (!(list instanceof List<?> items)) throw new EvalError(name + " on a non-list " + list);
                        List<Object> kept = new ArrayList<>();
                        boolean any = false, all = true;
                        for (Object item : items) {
                            Map<String, Object> inner = new HashMap<>(s);
                            inner.put(var, item);
                            boolean t = truth(body.eval(inner));
                            any |= t;
                            all &= t;
                            if (t) kept.add(item);
                        }
                        return name.equals("exists") ? any : name.equals("all") ? all : kept;
                    };
                }
                default -> throw unsupported("method " + name);
            }
        }

        private Node primary() {
            skip();
            if (eat("(")) {
                Node n = or();
                expect(")");
                return n;
            }
            if (eat("[")) {
                List<Node> items = new ArrayList<>();
                if (!eat("]")) {
                    do {
                        items.add(or());
                    } while (eat(","));
                    expect("]");
                }
                return s -> items.stream().map(i -> i.eval(s)).toList();
            }
            if (pos < src.length() && (src.charAt(pos) == '\'' || src.charAt(pos) == '"')) {
                char q = src.charAt(pos++);
                int end = src.indexOf(q, pos);
                if (end < 0 || src.substring(pos, end).contains("\\")) throw unsupported("string literal");
                String lit = src.substring(pos, end);
                pos = end + 1;
                return s -> lit;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                int start = pos;
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) pos++;
                if (pos < src.length() && (src.charAt(pos) == '.' || src.charAt(pos) == 'u'))
                    throw unsupported("number literal");
                long v = Long.parseLong(src.substring(start, pos));
                return s -> v;
            }
            String id = ident();
            if (id.equals("has") && eat("(")) {
                Node target = unaryNoSelect();
                expect(".");
                String field = ident();
                expect(")");
                return s -> {
                    Object o = target.eval(s);
                    if (!(o instanceof Map<?, ?> m)) throw new EvalError("has() on a non-object " + o);
                    return m.containsKey(field);
                };
            }
            if (id.equals("size") && eat("(")) {
                Node arg = or();
                expect(")");
                return s -> size(arg.eval(s));
            }
            if (id.equals("true") || id.equals("false")) {
                boolean b = id.equals("true");
                return s -> b;
            }
            if (eat("(")) throw unsupported("function " + id);
            return s -> {
                if (!s.containsKey(id)) throw new UnsupportedRule("unknown identifier " + id + " in: " + src);
                return s.get(id);
            };
        }

        /** The operand of has(): a selection chain whose last field is the one tested (not selected). */
        private Node unaryNoSelect() {
            Node n = primary();
            while (true) {
                int save = pos;
                if (!eat(".")) return n;
                String name = ident();
                skip();
                if (pos < src.length() && src.charAt(pos) == ')') {
                    pos = save;
                    return n;
                }
                Node t = n;
                n = s -> select(t.eval(s), name);
            }
        }

        private String ident() {
            skip();
            int start = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) pos++;
            if (start == pos) throw unsupported("expected a name at " + pos);
            return src.substring(start, pos);
        }
    }

    private static Object select(Object target, String field) {
        if (!(target instanceof Map<?, ?> m)) throw new EvalError("select ." + field + " on a non-object " + target);
        if (!m.containsKey(field)) throw new EvalError("no such key: " + field);
        return m.get(field);
    }

    private static long size(Object v) {
        if (v instanceof String s) return s.codePointCount(0, s.length());
        if (v instanceof List<?> l) return l.size();
        if (v instanceof Map<?, ?> m) return m.size();
        throw new EvalError("size() of " + v);
    }

    private static String string(Object v) {
        if (v instanceof String s) return s;
        throw new EvalError("not a string: " + v);
    }

    private static boolean truth(Object v) {
        if (v instanceof Boolean b) return b;
        throw new EvalError("not a bool: " + v);
    }

    private static boolean compare(String op, Object a, Object b) {
        if (op.equals("in")) {
            if (!(b instanceof List<?> l)) throw new EvalError("'in' needs a list, got " + b);
            return l.contains(a);
        }
        if (op.equals("==")) return Objects.equals(a, b);
        if (op.equals("!=")) return !Objects.equals(a, b);
        int c;
        if (a instanceof Long x && b instanceof Long y) c = Long.compare(x, y);
        else if (a instanceof Number x && b instanceof Number y) c = Double.compare(x.doubleValue(), y.doubleValue());
        else if (a instanceof String x && b instanceof String y) c = x.compareTo(y);
        else throw new EvalError("cannot compare " + a + " " + op + " " + b);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }
}
