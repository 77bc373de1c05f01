package dev.tether.scim.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A tiny resource type for characteristics the built-in schemas do not exercise (immutable, readOnly, types). */
final class TestSchemas {

    static final String URN = "urn:example:params:scim:schemas:core:2.0:Widget";

    private TestSchemas() {
    }

    static AttributeDefinition attr(String name, AttributeType type, Mutability mutability) {
        return new AttributeDefinition(name, type, false, null, false, false, mutability, Returned.DEFAULT,
                Uniqueness.NONE, null, null, null);
    }

    static ResourceSchema withAttributes(AttributeDefinition... attributes) {
        Schema core = new Schema(URN, "Widget", null, List.of(attributes));
        return new ResourceSchema(new ResourceType("Widget", "Widget", "/Widgets", null, URN, List.of()), core, List.of());
    }

    /** A body listing the test schema, with these attributes (single-quoted JSON fragment). */
    static ObjectNode body(String attributes) {
        return ResourceDocumentsTest.json("{'schemas':['" + URN + "']" + (attributes.isEmpty() ? "" : "," + attributes) + "}");
    }
}
