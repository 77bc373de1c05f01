package dev.tether.scim.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.scim.schema.AttributeDefinition;
import java.util.Locale;
import java.util.Optional;

/**
 * The element a value filter describes, when the filter is only {@code sub eq literal} joined by
 * {@code and}: {@code type eq "work"} describes {@code {"type":"work"}}. Used to create the element
 * an IdP means by {@code add emails[type eq "work"].value}, and to recognise a plain
 * {@code members[value eq "id"]}. Anything richer (or, not, other operators) yields empty; those
 * filters are only ever evaluated, through {@link ValueFilterCompiler}.
 */
final class FilterTemplate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String text;
    private int pos;

    private FilterTemplate(String text) {
        this.text = text;
    }

    /** The described element with canonical sub-attribute names, or empty when the filter is not a conjunction of eq. */
    static Optional<ObjectNode> elementFor(String filterText, AttributeDefinition multiValued) {
        return new FilterTemplate(filterText).read(multiValued);
    }

    private Optional<ObjectNode> read(AttributeDefinition multiValued) {
        ObjectNode element = JsonNodeFactory.instance.objectNode();
        while (true) {
            skipSpace();
            String name = word();
            if (name == null) {
                return Optional.empty();
            }
            Optional<AttributeDefinition> sub = multiValued.subAttribute(name);
            if (sub.isEmpty() && !multiValued.isComplex() && name.equalsIgnoreCase("value")) {
                sub = Optional.of(multiValued);
            }
            skipSpace();
            String operator = word();
            if (sub.isEmpty() || operator == null || !operator.equalsIgnoreCase("eq")) {
                return Optional.empty();
            }
            skipSpace();
            JsonNode literal = literal();
            if (literal == null || element.has(sub.get().name())) {
                return Optional.empty();
            }
            element.set(multiValued.isComplex() ? sub.get().name() : "value", literal);
            skipSpace();
            if (pos == text.length()) {
                return Optional.of(element);
            }
            String joiner = word();
            if (joiner == null || !joiner.equalsIgnoreCase("and")) {
                return Optional.empty();
            }
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** An attribute name or keyword. */
    private String word() {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '$' || c == '_' || c == '-') {
                pos++;
            } else {
                break;
            }
        }
        return pos == start ? null : text.substring(start, pos);
    }

    private JsonNode literal() {
        if (pos >= text.length()) {
            return null;
        }
        int start = pos;
        if (text.charAt(pos) == '"') {
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\\') {
                    pos += 2;
                } else if (c == '"') {
                    pos++;
                    return parse(text.substring(start, pos));
                } else {
                    pos++;
                }
            }
            return null;
        }
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        String raw = text.substring(start, pos).toLowerCase(Locale.ROOT);
        if (raw.equals("null")) {
            return null;
        }
        JsonNode parsed = parse(raw);
        return parsed != null && (parsed.isBoolean() || parsed.isNumber()) ? parsed : null;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
