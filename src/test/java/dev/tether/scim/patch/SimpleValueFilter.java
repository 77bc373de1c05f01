package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.scim.schema.AttributeDefinition;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Test stand-in for the server's filter evaluator: {@code sub eq literal}, {@code and}, {@code or},
 * parentheses. Attribute names are case-insensitive and string comparison honours caseExact.
 */
final class SimpleValueFilter implements ValueFilterCompiler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Predicate<JsonNode> compile(String filterText, AttributeDefinition multiValued) {
        Parser p = new Parser(filterText, multiValued);
        Predicate<JsonNode> result = p.or();
        p.space();
        if (p.pos != filterText.length()) {
            throw PatchException.invalidFilter("unexpected text at " + p.pos + " in " + filterText);
        }
        return result;
    }

    private static final class Parser {
        final String s;
        final AttributeDefinition def;
        int pos;

        Parser(String s, AttributeDefinition def) {
            this.s = s;
            this.def = def;
        }

        Predicate<JsonNode> or() {
            Predicate<JsonNode> left = and();
            while (keyword("or")) {
                left = left.or(and());
            }
            return left;
        }

        Predicate<JsonNode> and() {
            Predicate<JsonNode> left = factor();
            while (keyword("and")) {
                left = left.and(factor());
            }
            return left;
        }

        Predicate<JsonNode> factor() {
            space();
            if (pos < s.length() && s.charAt(pos) == '(') {
                pos++;
                Predicate<JsonNode> inner = or();
                space();
                if (pos >= s.length() || s.charAt(pos) != ')') {
                    throw PatchException.invalidFilter("missing ) in " + s);
                }
                pos++;
                return inner;
            }
            String name = word();
            if (!keyword("eq")) {
                throw PatchException.invalidFilter("only eq is supported: " + s);
            }
            space();
            JsonNode literal = literal();
            AttributeDefinition sub = def.isComplex()
                    ? def.subAttribute(name).orElseThrow(() -> PatchException.invalidFilter("unknown attribute " + name))
                    : def;
            return element -> {
                JsonNode actual = def.isComplex() ? field(element, sub.name()) : element;
                if (actual == null) {
                    return false;
                }
                if (actual.isTextual() && literal.isTextual()) {
                    return sub.caseExact() ? actual.asText().equals(literal.asText())
                            : actual.asText().equalsIgnoreCase(literal.asText());
                }
                return actual.equals(literal);
            };
        }

        static JsonNode field(JsonNode element, String name) {
            for (Iterator<Map.Entry<String, JsonNode>> it = element.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equalsIgnoreCase(name)) {
                    return f.getValue();
                }
            }
            return null;
        }

        boolean keyword(String k) {
            space();
            int save = pos;
            String w = word0();
            if (w != null && w.toLowerCase(Locale.ROOT).equals(k)) {
                return true;
            }
            pos = save;
            return false;
        }

        String word() {
            space();
            String w = word0();
            if (w == null) {
                throw PatchException.invalidFilter("expected attribute name at " + pos + " in " + s);
            }
            return w;
        }

        String word0() {
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '$')) {
                pos++;
            }
            return pos == start ? null : s.substring(start, pos);
        }

        JsonNode literal() {
            int start = pos;
            if (pos < s.length() && s.charAt(pos) == '"') {
                pos++;
                while (pos < s.length() && s.charAt(pos) != '"') {
                    pos += s.charAt(pos) == '\\' ? 2 : 1;
                }
                pos++;
            } else {
                while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && s.charAt(pos) != ')') {
                    pos++;
                }
            }
            try {
                return JSON.readTree(s.substring(start, Math.min(pos, s.length())));
            } catch (Exception e) {
                throw PatchException.invalidFilter("bad literal in " + s);
            }
        }

        void space() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}
