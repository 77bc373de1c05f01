package dev.tether.scim.schema;

import java.util.List;
import java.util.Optional;

/**
 * One attribute of a SCIM schema with its characteristics (RFC 7643 §2.2, §7).
 * Names are matched case-insensitively everywhere (RFC 7643 §2.1); {@link #name()} is the
 * canonical spelling that Tether stores and returns.
 */
public record AttributeDefinition(
        String name,
        AttributeType type,
        boolean multiValued,
        String description,
        boolean required,
        boolean caseExact,
        Mutability mutability,
        Returned returned,
        Uniqueness uniqueness,
        List<String> canonicalValues,
        List<String> referenceTypes,
        List<AttributeDefinition> subAttributes) {

    public AttributeDefinition {
        canonicalValues = canonicalValues == null ? List.of() : List.copyOf(canonicalValues);
        referenceTypes = referenceTypes == null ? List.of() : List.copyOf(referenceTypes);
        subAttributes = subAttributes == null ? List.of() : List.copyOf(subAttributes);
    }

    public boolean isComplex() {
        return type == AttributeType.COMPLEX;
    }

    /** The sub-attribute with this name, compared case-insensitively. */
    public Optional<AttributeDefinition> subAttribute(String subName) {
        for (AttributeDefinition sub : subAttributes) {
            if (sub.name.equalsIgnoreCase(subName)) {
                return Optional.of(sub);
            }
        }
        return Optional.empty();
    }
}
