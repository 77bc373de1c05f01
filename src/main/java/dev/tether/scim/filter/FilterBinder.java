package dev.tether.scim.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.scim.filter.BoundFilter.ValueKind;
import dev.tether.scim.schema.AttributeDefinition;
import dev.tether.scim.schema.AttributePath;
import dev.tether.scim.schema.ResourceSchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves a {@link Filter} against a {@link ResourceSchema} and applies the rules of
 * RFC 7644 §3.4.2.2 that do not depend on the data:
 * <ul>
 * <li>{@code ne} is {@code not eq}, so it matches resources that lack the attribute;
 *     {@code eq null} is {@code not pr} and {@code ne null} is {@code pr};</li>
 * <li>a multi-valued attribute matches when any element does; comparing a multi-valued
 *     complex attribute itself compares its {@code value} sub-attribute;</li>
 * <li>operators the type has no meaning for ({@code gt} on a boolean, {@code co} on a
 *     dateTime) and literals that are not of the attribute's type are invalidFilter.</li>
 * </ul>
 * An attribute (or sub-attribute) that no schema of the resource type defines is treated as
 * unassigned rather than as invalidFilter: RFC 7644 §3.4.2.2 says unassigned attributes
 * "SHALL be treated as having no value", and IdPs probe with attributes of extensions a server
 * may not serve (Entra's custom attributes) expecting "no match" so they go on to create the
 * resource. So {@code eq}, {@code co} ... and {@code pr} are false, {@code ne} and
 * {@code eq null} are true, in memory and in SQL alike.
 */
final class FilterBinder {

    private final ResourceSchema schema;

    FilterBinder(ResourceSchema schema) {
        this.schema = schema;
    }

    BoundFilter bind(Filter filter) {
        return bind(filter, null);
    }

    /** Binds a value-path filter whose paths name sub-attributes of {@code collection}'s elements. */
    BoundFilter bindElement(Filter filter, AttributeDefinition collection) {
        return bind(filter, collection);
    }

    private BoundFilter bind(Filter filter, AttributeDefinition elementOf) {
        if (filter instanceof Filter.And a) {
            return new BoundFilter.All(bind(a.left(), elementOf), bind(a.right(), elementOf));
        }
        if (filter instanceof Filter.Or o) {
            return new BoundFilter.Either(bind(o.left(), elementOf), bind(o.right(), elementOf));
        }
        if (filter instanceof Filter.Not n) {
            return new BoundFilter.Negation(bind(n.inner(), elementOf));
        }
        if (filter instanceof Filter.ValuePath v) {
            if (elementOf != null) {
                throw new FilterException("a value filter cannot contain another value filter");
            }
            return valuePath(v);
        }
        if (filter instanceof Filter.Present p) {
            return attributeExpression(p.path(), null, null, elementOf);
        }
        Filter.Comparison c = (Filter.Comparison) filter;
        if (c.value().isNull() && c.op() != CompareOp.EQ && c.op() != CompareOp.NE) {
            throw new FilterException("'" + c.op().token() + " null' has no meaning; only 'eq null' and 'ne null' do");
        }
        return attributeExpression(c.path(), c.op(), c.value(), elementOf);
    }

    private BoundFilter valuePath(Filter.ValuePath v) {
        Optional<ResourceSchema.Resolved> r = schema.resolve(v.attribute());
        if (r.isEmpty()) {
            return new BoundFilter.Constant(false); // unassigned: no element can match
        }
        AttributeDefinition attr = r.get().attribute();
        if (v.attribute().subAttribute() != null || !attr.isComplex()) {
            throw new FilterException("'" + v.attribute() + "[...]' needs a complex attribute, such as emails or members");
        }
        BoundFilter.Field collection = new BoundFilter.Field(extensionUrn(r.get()), attr, null);
        return new BoundFilter.Exists(collection, bind(v.inner(), attr));
    }

    /** {@code op == null} means {@code pr}. */
    private BoundFilter attributeExpression(AttributePath path, CompareOp op, JsonNode value,
            AttributeDefinition elementOf) {
        BoundFilter.Field collection = null;
        BoundFilter.Target presenceTarget;
        AttributeDefinition leaf;
        if (elementOf != null) {
            Optional<AttributeDefinition> sub = elementOf.subAttribute(path.attribute());
            if (sub.isEmpty()) {
                return unassigned(op, value);
            }
            leaf = sub.get();
            presenceTarget = new BoundFilter.Element(leaf);
        } else {
            Optional<ResourceSchema.Resolved> r = schema.resolve(path);
            if (r.isEmpty()) {
                return unassigned(op, value);
            }
            AttributeDefinition attr = r.get().attribute();
            AttributeDefinition sub = null;
            if (path.subAttribute() != null) {
                sub = attr.subAttribute(path.subAttribute()).orElse(null);
                if (sub == null) {
                    return unassigned(op, value);
                }
            }
            String urn = extensionUrn(r.get());
            if (attr.multiValued()) {
                collection = new BoundFilter.Field(urn, attr, null);
                presenceTarget = new BoundFilter.Element(sub);
                leaf = sub != null ? sub : attr;
            } else {
                presenceTarget = new BoundFilter.Field(urn, attr, sub);
                leaf = sub != null ? sub : attr;
            }
        }
        if (op == null) {
            return some(collection, new BoundFilter.Present(presenceTarget));
        }
        if (value.isNull()) {
            BoundFilter present = some(collection, new BoundFilter.Present(presenceTarget));
            return op == CompareOp.EQ ? new BoundFilter.Negation(present) : present;
        }
        BoundFilter.Target compareTarget = presenceTarget;
        if (leaf.isComplex()) {
            // "emails eq x" and "manager eq x" compare the value sub-attribute.
            AttributeDefinition valueSub = leaf.subAttribute("value").orElseThrow(() -> new FilterException(
                    "'" + path + "' is complex and has no value sub-attribute; name a sub-attribute to compare"));
            compareTarget = presenceTarget instanceof BoundFilter.Field f
                    ? new BoundFilter.Field(f.extensionUrn(), f.attribute(), valueSub)
                    : new BoundFilter.Element(valueSub);
            leaf = valueSub;
        }
        CompareOp positiveOp = op == CompareOp.NE ? CompareOp.EQ : op;
        BoundFilter compare = some(collection, compare(path, compareTarget, leaf, positiveOp, value));
        return op == CompareOp.NE ? new BoundFilter.Negation(compare) : compare;
    }

    private static BoundFilter some(BoundFilter.Field collection, BoundFilter element) {
        return collection == null ? element : new BoundFilter.Exists(collection, element);
    }

    private static BoundFilter unassigned(CompareOp op, JsonNode value) {
        if (op == null) {
            return new BoundFilter.Constant(false);
        }
        boolean isNull = value.isNull();
        if (op == CompareOp.EQ) {
            return new BoundFilter.Constant(isNull);
        }
        if (op == CompareOp.NE) {
            return new BoundFilter.Constant(!isNull);
        }
        return new BoundFilter.Constant(false);
    }

    private String extensionUrn(ResourceSchema.Resolved r) {
        return r.inExtension(schema) ? r.schema().id() : null;
    }

    private static BoundFilter.Compare compare(AttributePath path, BoundFilter.Target target,
            AttributeDefinition leaf, CompareOp op, JsonNode value) {
        ValueKind kind = kindOf(leaf);
        if (op.isSubstring() && kind != ValueKind.TEXT) {
            throw new FilterException("'" + op.token() + "' is only defined for strings, and '" + path + "' is "
                    + leaf.type().wireName());
        }
        if (op.isOrdering() && kind == ValueKind.BOOLEAN) {
            throw new FilterException("'" + op.token() + "' has no meaning for the boolean attribute '" + path + "'");
        }
        Object operand = switch (kind) {
            case TEXT -> text(path, value);
            case BOOLEAN -> bool(path, value);
            case NUMBER -> number(path, value);
            case DATE_TIME -> dateTime(path, value);
        };
        return new BoundFilter.Compare(target, kind, leaf.caseExact(), op, operand);
    }

    static ValueKind kindOf(AttributeDefinition leaf) {
        return switch (leaf.type()) {
            case STRING, REFERENCE, BINARY -> ValueKind.TEXT;
            case BOOLEAN -> ValueKind.BOOLEAN;
            case INTEGER, DECIMAL -> ValueKind.NUMBER;
            case DATE_TIME -> ValueKind.DATE_TIME;
            case COMPLEX -> throw new FilterException("'" + leaf.name() + "' is complex; name a sub-attribute to compare");
        };
    }

    private static String text(AttributePath path, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber() || value.isBoolean()) {
            // employeeNumber eq 1234: the client meant the digits.
            StringBuilder sb = new StringBuilder();
            FilterPrinter.appendValue(sb, value);
            return sb.toString();
        }
        throw new FilterException("'" + path + "' is a string and cannot be compared with " + value);
    }

    private static Boolean bool(AttributePath path, JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        // Entra ID and others send "True"/"False" as strings.
        if (value.isTextual() && (value.textValue().equalsIgnoreCase("true") || value.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.textValue().toLowerCase(Locale.ROOT));
        }
        throw new FilterException("'" + path + "' is boolean and cannot be compared with " + value);
    }

    private static BigDecimal number(AttributePath path, JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue().trim());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw new FilterException("'" + path + "' is a number and cannot be compared with " + value);
    }

    private static Instant dateTime(AttributePath path, JsonNode value) {
        Instant instant = value.isTextual() ? parseInstant(value.textValue()) : null;
        if (instant == null) {
            throw new FilterException("'" + path + "' is a dateTime and " + value
                    + " is not one (expected e.g. \"2024-05-13T04:42:34Z\")");
        }
        return instant;
    }

    /** The range of years an xsd:dateTime may name here: four digits, as RFC 3339 writes them, and none before year 1. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /**
     * xsd:dateTime as SCIM uses it; a time without offset is taken as UTC. Null when unparseable,
     * or outside years 1 to 9999 (PostgreSQL holds no year 0, and nothing past year 294276).
     */
    static Instant parseInstant(String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
        return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? null : instant;
    }
}
