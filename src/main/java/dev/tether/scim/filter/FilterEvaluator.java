package dev.tether.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.scim.schema.AttributeDefinition;
import dev.tether.scim.schema.ResourceSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates filters against resources in their SCIM JSON form (as returned to clients:
 * common attributes and core attributes at top level, extension attributes in an object under
 * the extension URN). Used for PATCH value paths and wherever a resource is already in memory;
 * {@link SqlTranslator} gives the same answers in the database.
 *
 * <p>Whether a filter is valid does not depend on the resource: an invalid filter throws
 * {@link FilterException} even when no resource would reach the offending comparison.
 */
public final class FilterEvaluator {

    private final FilterBinder binder;

    public FilterEvaluator(ResourceSchema schema) {
        this.binder = new FilterBinder(schema);
    }

    public boolean matches(Filter filter, ObjectNode resource) {
        return evaluate(binder.bind(filter), resource, null);
    }

    /**
     * Evaluates a value-path filter ({@code type eq "work"}, {@code value eq "id"}) against one
     * element of a multi-valued complex attribute: the PATCH engine's {@code emails[...]}.
     */
    public boolean matchesElement(Filter inner, AttributeDefinition multiValuedComplexAttr, JsonNode element) {
        if (!multiValuedComplexAttr.isComplex()) {
            throw new FilterException("'" + multiValuedComplexAttr.name() + "[...]' needs a complex attribute");
        }
        return evaluate(binder.bindElement(inner, multiValuedComplexAttr), null, element);
    }

    private static boolean evaluate(BoundFilter f, JsonNode resource, JsonNode element) {
        if (f instanceof BoundFilter.Constant c) {
            return c.value();
        }
        if (f instanceof BoundFilter.All a) {
            return evaluate(a.left(), resource, element) && evaluate(a.right(), resource, element);
        }
        if (f instanceof BoundFilter.Either o) {
            return evaluate(o.left(), resource, element) || evaluate(o.right(), resource, element);
        }
        if (f instanceof BoundFilter.Negation n) {
            return !evaluate(n.inner(), resource, element);
        }
        if (f instanceof BoundFilter.Present p) {
            return hasValue(locate(p.target(), resource, element));
        }
        if (f instanceof BoundFilter.Compare c) {
            return compare(c, locate(c.target(), resource, element));
        }
        BoundFilter.Exists e = (BoundFilter.Exists) f;
        JsonNode collection = locate(e.collection(), resource, element);
        if (collection == null) {
            return false;
        }
        if (collection.isObject()) {
            return evaluate(e.element(), resource, collection);
        }
        if (collection.isArray()) {
            for (JsonNode el : collection) {
                if (evaluate(e.element(), resource, el)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode locate(BoundFilter.Target target, JsonNode resource, JsonNode element) {
        if (target instanceof BoundFilter.Element el) {
            return el.sub() == null ? element : field(element, el.sub().name());
        }
        BoundFilter.Field f = (BoundFilter.Field) target;
        JsonNode container = f.extensionUrn() == null ? resource : field(resource, f.extensionUrn());
        JsonNode node = field(container, f.attribute().name());
        return f.sub() == null ? node : field(node, f.sub().name());
    }

    /** Member of an object, by exact name first, then case-insensitively (RFC 7643 §2.1). */
    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Not missing, not null, not "", not [] and not {}. */
    static boolean hasValue(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        if (node.isTextual()) {
            return !node.textValue().isEmpty();
        }
        if (node.isContainerNode()) {
            return node.size() > 0;
        }
        return true;
    }

    private static boolean compare(BoundFilter.Compare c, JsonNode node) {
        if (node == null) {
            return false;
        }
        switch (c.kind()) {
            case TEXT: {
                if (!node.isTextual()) {
                    return false;
                }
                return compareText(node.textValue(), (String) c.operand(), c.caseExact(), c.op());
            }
            case BOOLEAN:
                return node.isBoolean() && node.booleanValue() == (Boolean) c.operand();
            case NUMBER: {
                if (!node.isNumber()) {
                    return false;
                }
                return ordered(node.decimalValue().compareTo((BigDecimal) c.operand()), c.op());
            }
            case DATE_TIME: {
                Instant value = node.isTextual() ? FilterBinder.parseInstant(node.textValue()) : null;
                return value != null && ordered(value.compareTo((Instant) c.operand()), c.op());
            }
            default:
                throw new IllegalStateException(c.kind().toString());
        }
    }

    static boolean compareText(String value, String operand, boolean caseExact, CompareOp op) {
        String v = caseExact ? value : value.toLowerCase(Locale.ROOT);
        String o = caseExact ? operand : operand.toLowerCase(Locale.ROOT);
        return switch (op) {
            case CO -> v.contains(o);
            case SW -> v.startsWith(o);
            case EW -> v.endsWith(o);
            default -> ordered(compareCodePoints(v, o), op);
        };
    }

    private static boolean ordered(int cmp, CompareOp op) {
        return switch (op) {
            case EQ -> cmp == 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            default -> throw new IllegalStateException("operator " + op + " is not an ordering");
        };
    }

    /**
     * Unicode code point order, which is what PostgreSQL's "C" collation gives over UTF-8;
     * String.compareTo compares UTF-16 units and differs above U+FFFF.
     */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

}
