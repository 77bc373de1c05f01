package dev.tether.scim.schema;

import java.util.List;

/** The attributes every resource has (RFC 7643 §3.1), which no schema lists. */
final class CommonAttributes {

    private CommonAttributes() {
    }

    static final AttributeDefinition ID = simple("id", AttributeType.STRING, true,
            Mutability.READ_ONLY, Returned.ALWAYS, Uniqueness.SERVER);

    static final AttributeDefinition EXTERNAL_ID = simple("externalId", AttributeType.STRING, true,
            Mutability.READ_WRITE, Returned.DEFAULT, Uniqueness.NONE);

    static final AttributeDefinition META = new AttributeDefinition("meta", AttributeType.COMPLEX, false,
            "Resource metadata.", false, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE,
            null, null, List.of(
                    simple("resourceType", AttributeType.STRING, true, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE),
                    simple("created", AttributeType.DATE_TIME, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE),
                    simple("lastModified", AttributeType.DATE_TIME, false, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE),
                    new AttributeDefinition("location", AttributeType.REFERENCE, false, null, false, true,
                            Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE, null, List.of("uri"), null),
                    simple("version", AttributeType.STRING, true, Mutability.READ_ONLY, Returned.DEFAULT, Uniqueness.NONE)));

    static final List<AttributeDefinition> ALL = List.of(ID, EXTERNAL_ID, META);

    private static AttributeDefinition simple(String name, AttributeType type, boolean caseExact,
            Mutability mutability, Returned returned, Uniqueness uniqueness) {
        return new AttributeDefinition(name, type, false, null, false, caseExact, mutability, returned,
                uniqueness, null, null, null);
    }
}
