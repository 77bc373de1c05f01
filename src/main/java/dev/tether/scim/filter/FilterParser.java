package dev.tether.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tether.scim.schema.AttributePath;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Parser for the filter grammar of RFC 7644 §3.4.2.2 (Figure 1), by recursive descent.
 *
 * <pre>
 * filter    = or
 * or        = and *("or" and)
 * and       = unary *("and" unary)
 * unary     = "not" "(" filter ")" / "(" filter ")" / attrExp / valuePath ["." subAttr (compareOp value / "pr")]
 * attrExp   = attrPath ("pr" / compareOp value)
 * valuePath = attrPath "[" filter-over-sub-attributes "]"
 * </pre>
 *
 * Keywords and operators are case-insensitive. Besides JSON literals, a value may be a bare
 * word ({@code userName eq alice@example.com}): Microsoft Entra ID sends those, and a bare
 * word that is not true/false/null/a number can only mean a string. A parser made with
 * {@code unquotedStrings} false refuses those, as RFC 7644 does.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FilterParser {

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final FilterLimits limits;
    private final boolean unquotedStrings;

    public FilterParser(FilterLimits limits) {
        this(limits, true);
    }

    /** @param unquotedStrings whether a bare word that is no JSON literal is read as a string */
    public FilterParser(FilterLimits limits, boolean unquotedStrings) {
        this.limits = limits;
        this.unquotedStrings = unquotedStrings;
    }

    /** Parses with {@link FilterLimits#DEFAULT}. */
    public static Filter parse(String text) {
        return new FilterParser(FilterLimits.DEFAULT).read(text);
    }

    /** @throws FilterException with the position and what was expected */
    public Filter read(String text) {
        if (text == null || text.isBlank()) {
            throw new FilterException("filter is empty");
        }
        if (text.length() > limits.maxLength()) {
            throw new FilterException("filter is " + text.length() + " characters long; the limit is "
                    + limits.maxLength());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // PostgreSQL stores neither; a comparison value holding one could never match, and
            // binding it would fail in the database instead of here
            if (c == '\u0000') {
                throw new FilterException("filter holds a NUL character at position " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new FilterException("filter holds an unpaired surrogate at position " + i);
            }
        }
        return new Run(text, limits.maxDepth(), unquotedStrings).whole();
    }

    /** State of one parse. */
    private static final class Run {
        private final String in;
        private final int maxDepth;
        private final boolean unquotedStrings;
        private int pos;
        private int depth;
        /** Inside brackets paths name sub-attributes, and a bare value ends at ']'. */
        private boolean inValuePath;

        Run(String in, int maxDepth, boolean unquotedStrings) {
            this.in = in;
            this.maxDepth = maxDepth;
            this.unquotedStrings = unquotedStrings;
        }

        Filter whole() {
            Filter f = or();
            skipSpace();
            if (pos < in.length()) {
                throw error("expected 'and', 'or' or the end of the filter but found " + found());
            }
            return f;
        }

        private Filter or() {
            Filter left = and();
            while (keywordAhead("or")) {
                pos += 2;
                left = new Filter.Or(left, and());
            }
            return left;
        }

        private Filter and() {
            Filter left = unary();
            while (keywordAhead("and")) {
                pos += 3;
                left = new Filter.And(left, unary());
            }
            return left;
        }

        private Filter unary() {
            skipSpace();
            if (keywordAhead("not")) {
                int notAt = pos;
                pos += 3;
                skipSpace();
                if (peek() == '(') {
                    return new Filter.Not(group());
                }
                // "not" not followed by "(" can only be an attribute of that name.
                pos = notAt;
            }
            if (peek() == '(') {
                return group();
            }
            return attributeExpression();
        }

        /** "(" filter ")" */
        private Filter group() {
            int open = pos;
            pos++;
            enter();
            Filter inner = or();
            skipSpace();
            if (peek() != ')') {
                throw error("expected ')' to close '(' at position " + open + " but found " + found());
            }
            pos++;
            depth--;
            return inner;
        }

        private Filter attributeExpression() {
            int start = pos;
            AttributePath path = attributePath();
            if (peek() == '[') {
                return valuePath(path, start);
            }
            return operation(path);
        }

        private Filter valuePath(AttributePath attribute, int start) {
            if (inValuePath) {
                throw error("a value filter cannot contain another value filter");
            }
            int open = pos;
            pos++;
            enter();
            inValuePath = true;
            Filter inner = or();
            inValuePath = false;
            skipSpace();
            if (peek() != ']') {
                throw error("expected ']' to close '[' at position " + open + " but found " + found());
            }
            pos++;
            depth--;
            if (peek() != '.') {
                return new Filter.ValuePath(attribute, inner);
            }
            // emails[type eq "work"].value eq "x": fold the trailing comparison into the bracket.
            pos++;
            int subAt = pos;
            String sub = name();
            if (!AttributePath.isAttrName(sub)) {
                pos = subAt;
                throw error("expected a sub-attribute name after ']." + "' but found " + found());
            }
            Filter tail = operation(AttributePath.of(sub));
            if (tail instanceof Filter.Comparison c) {
                boolean isNull = c.value().isNull();
                if (c.op() == CompareOp.NE) {
                    Filter positive = isNull ? new Filter.Present(c.path()) : new Filter.Comparison(c.path(), CompareOp.EQ, c.value());
                    Filter some = new Filter.ValuePath(attribute, new Filter.And(inner, positive));
                    return isNull ? some : new Filter.Not(some);
                }
                if (isNull) { // eq null: no selected element has the sub-attribute
                    return new Filter.Not(new Filter.ValuePath(attribute, new Filter.And(inner, new Filter.Present(c.path()))));
                }
            }
            return new Filter.ValuePath(attribute, new Filter.And(inner, tail));
        }

        /** After a path: "pr" or an operator and a value. */
        private Filter operation(AttributePath path) {
            if (!skipSpace() && peek() != -1) {
                throw error("expected a space and an operator after '" + path + "' but found " + found());
            }
            int opAt = pos;
            String word = word();
            if (word.isEmpty()) {
                throw error("expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after '" + path
                        + "' but found " + found());
            }
            if (word.equalsIgnoreCase("pr")) {
                return new Filter.Present(path);
            }
            CompareOp op = CompareOp.fromToken(word).orElse(null);
            if (op == null) {
                pos = opAt;
                throw error("unknown operator '" + word + "'; expected eq, ne, co, sw, ew, gt, ge, lt, le or pr");
            }
            skipSpace();
            return new Filter.Comparison(path, op, value(op));
        }

        private JsonNode value(CompareOp op) {
            int c = peek();
            if (c == '"') {
                return TextNode.valueOf(string());
            }
            int start = pos;
            while (pos < in.length() && !endsBareValue(in.charAt(pos))) {
                pos++;
            }
            String raw = in.substring(start, pos);
            if (raw.isEmpty()) {
                throw error("expected a value after '" + op.token() + "' but found " + found());
            }
            switch (raw) {
                case "true":
                    return BooleanNode.TRUE;
                case "false":
                    return BooleanNode.FALSE;
                case "null":
                    return NullNode.getInstance();
                default:
                    break;
            }
            if (JSON_NUMBER.matcher(raw).matches()) {
                return number(raw);
            }
            if (!unquotedStrings) {
                pos = start;
                throw error("expected a JSON value (a quoted string, true, false, null or a number) after '"
                        + op.token() + "' but found " + found());
            }
            return TextNode.valueOf(raw); // Entra ID's unquoted string
        }

        private boolean endsBareValue(char c) {
            return Character.isWhitespace(c) || c == '(' || c == ')' || (inValuePath && c == ']');
        }

        /** A JSON string with its escapes, starting at the opening quote. */
        private String string() {
            int open = pos;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < in.length()) {
                char c = in.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= in.length()) {
                    break;
                }
                char e = in.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > in.length()) {
                            pos -= 2;
                            throw error("incomplete \\u escape in string");
                        }
                        try {
                            sb.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            pos -= 2;
                            throw error("invalid \\u escape in string");
                        }
                        pos += 4;
                    }
                    default -> {
                        pos -= 2;
                        throw error("invalid escape '\\" + e + "' in string");
                    }
                }
            }
            pos = open;
            throw error("string starting here has no closing quote");
        }

        private AttributePath attributePath() {
            int start = pos;
            String text = name();
            if (text.isEmpty()) {
                throw error("expected an attribute name, 'not' or '(' but found " + found());
            }
            AttributePath path;
            try {
                path = AttributePath.parse(text);
            } catch (IllegalArgumentException e) {
                pos = start;
                throw error("'" + text + "' is not a valid attribute path");
            }
            if (inValuePath && (path.schemaUrn() != null || path.subAttribute() != null)) {
                pos = start;
                throw error("inside '[...]' only sub-attribute names are allowed, not '" + text + "'");
            }
            return path;
        }

        /** Characters of attribute paths: ATTRNAME, '$ref', URN separators ':' and '.'. */
        private String name() {
            int start = pos;
            while (pos < in.length()) {
                if (isNameChar(in.charAt(pos))) {
                    pos++;
                } else {
                    break;
                }
            }
            return in.substring(start, pos);
        }

        private String word() {
            int start = pos;
            while (pos < in.length() && Character.isLetter(in.charAt(pos))) {
                pos++;
            }
            return in.substring(start, pos);
        }

        /** True when the keyword follows (after spaces) as a whole word; then consumes the spaces only. */
        private boolean keywordAhead(String keyword) {
            int save = pos;
            boolean spaced = skipSpace();
            int end = pos + keyword.length();
            char before = save == 0 ? ' ' : in.charAt(save - 1);
            boolean at = in.regionMatches(true, pos, keyword, 0, keyword.length())
                    && (end == in.length() || !isNameChar(in.charAt(end)))
                    && (spaced || Character.isWhitespace(before) || before == ')' || before == '(' || before == '[' || before == ']' || before == '"');
            if (!at) {
                pos = save;
            }
            return at;
        }

        private static boolean isNameChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '$' || c == ':' || c == '.';
        }

        private void enter() {
            depth++;
            if (depth > maxDepth) {
                throw error("filter nests deeper than the limit of " + maxDepth);
            }
        }

        private boolean skipSpace() {
            int start = pos;
            while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
                pos++;
            }
            return pos > start;
        }

        private int peek() {
            return pos < in.length() ? in.charAt(pos) : -1;
        }

        private String found() {
            if (pos >= in.length()) {
                return "the end of the filter";
            }
            int end = Math.min(in.length(), pos + 12);
            return "'" + in.substring(pos, end) + (end < in.length() ? "…'" : "'");
        }

        private FilterException error(String detail) {
            return new FilterException("invalid filter at position " + pos + ": " + detail);
        }
    }

    /** Integers become int/long/BigInteger nodes, anything else a BigDecimal node. */
    static JsonNode number(String raw) {
        if (raw.indexOf('.') < 0 && raw.indexOf('e') < 0 && raw.indexOf('E') < 0) {
            BigInteger i = new BigInteger(raw);
            if (i.bitLength() < 32) {
                return IntNode.valueOf(i.intValue());
            }
            if (i.bitLength() < 64) {
                return LongNode.valueOf(i.longValue());
            }
            return BigIntegerNode.valueOf(i);
        }
        return DecimalNode.valueOf(new BigDecimal(raw));
    }
}
