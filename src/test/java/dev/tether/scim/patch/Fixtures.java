package dev.tether.scim.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.scim.schema.ResourceSchema;
import dev.tether.scim.schema.SchemaRegistry;
import java.util.List;

/** The real schemas and sample documents the patch tests share. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final SchemaRegistry REGISTRY = SchemaRegistry.loadDefault(JSON);
    static final ResourceSchema USER = REGISTRY.resourceSchema("User");
    static final ResourceSchema GROUP = REGISTRY.resourceSchema("Group");
    static final String ENTERPRISE = SchemaRegistry.ENTERPRISE_USER_URN;

    private Fixtures() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ObjectNode object(String text) {
        return (ObjectNode) json(text);
    }

    static ObjectNode user() {
        return object("""
                {
                  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                  "id": "2819c223-7f76-453a-919d-413861904646",
                  "externalId": "bjensen",
                  "userName": "bjensen@example.com",
                  "name": {"givenName": "Barbara", "familyName": "Jensen"},
                  "displayName": "Babs Jensen",
                  "active": true,
                  "emails": [
                    {"value": "bjensen@example.com", "type": "work", "primary": true},
                    {"value": "babs@jensen.org", "type": "home"}
                  ],
                  "addresses": [
                    {"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood"}
                  ],
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                    "employeeNumber": "701984",
                    "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}
                  },
                  "meta": {"resourceType": "User", "version": "W/\\"1\\""}
                }
                """);
    }

    static ObjectNode group() {
        return object("""
                {
                  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                  "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
                  "displayName": "Tour Guides",
                  "members": [
                    {"value": "2819c223-7f76-453a-919d-413861904646", "type": "User"},
                    {"value": "902c246b-6245-4190-8e05-00816be7344a", "type": "User"}
                  ]
                }
                """);
    }

    /** Parses a full PatchOp body. */
    static List<PatchOperation> ops(String operationsJson) {
        return PatchRequest.parse(json("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":" + operationsJson + "}"));
    }

    static ObjectNode applyToUser(ObjectNode doc, String operationsJson) {
        return new PatchEngine(USER).apply(doc, new IdpDialect(USER).normalise(ops(operationsJson)));
    }

    static ObjectNode applyToGroup(ObjectNode doc, String operationsJson) {
        return new PatchEngine(GROUP).apply(doc, new IdpDialect(GROUP).normalise(ops(operationsJson)));
    }

    /** Applies without dialect normalisation: the engine alone, as RFC 7644 defines it. */
    static ObjectNode applyRfc(ResourceSchema schema, ObjectNode doc, String operationsJson) {
        return new PatchEngine(schema).apply(doc, ops(operationsJson));
    }
}
