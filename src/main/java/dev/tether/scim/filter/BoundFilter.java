package dev.tether.scim.filter;

import dev.tether.scim.schema.AttributeDefinition;
import java.util.Locale;

/**
 * A filter resolved against a resource schema, in the small vocabulary both the in-memory
 * evaluator and the SQL translator implement: {@code ne}, {@code eq null}, {@code ne null} and
 * multi-valued attributes have already been rewritten, and literals converted to the
 * attribute's type. One binding feeding both back ends is what keeps them in agreement.
 */
sealed interface BoundFilter {

    /** A result known without looking at the resource (e.g. an attribute no schema defines). */
    record Constant(boolean value) implements BoundFilter {
    }

    record All(BoundFilter left, BoundFilter right) implements BoundFilter {
    }

    record Either(BoundFilter left, BoundFilter right) implements BoundFilter {
    }

    record Negation(BoundFilter inner) implements BoundFilter {
    }

    /**
     * The target has a value of the right JSON type that compares true. {@code op} is never
     * {@code ne}; the operand is a String (TEXT), Boolean, BigDecimal (NUMBER) or Instant.
     */
    record Compare(Target target, ValueKind kind, boolean caseExact, CompareOp op, Object operand)
            implements BoundFilter {
    }

    /** The target has a value: not null, not "", not [] and not {}. */
    record Present(Target target) implements BoundFilter {
    }

    /** Some element of the collection (an array, or a lone object taken as one element) matches. */
    record Exists(Field collection, BoundFilter element) implements BoundFilter {
    }

    /** Where a value lives. */
    sealed interface Target {
    }

    /**
     * An attribute of the resource, or a sub-attribute of a single-valued complex attribute.
     * {@code extensionUrn} is null for core and common attributes (top level of the resource).
     */
    record Field(String extensionUrn, AttributeDefinition attribute, AttributeDefinition sub) implements Target {

        /** Lower-cased "[urn:]attribute[.sub]" by canonical names: the key of SQL mappings. */
        String key() {
            StringBuilder sb = new StringBuilder();
            if (extensionUrn != null) {
                sb.append(extensionUrn).append(':');
            }
            sb.append(attribute.name());
            if (sub != null) {
                sb.append('.').append(sub.name());
            }
            return sb.toString().toLowerCase(Locale.ROOT);
        }
    }

    /** The current element of an {@link Exists}, or its sub-attribute when {@code sub} is set. */
    record Element(AttributeDefinition sub) implements Target {
    }

    enum ValueKind {
        TEXT, BOOLEAN, NUMBER, DATE_TIME
    }
}
