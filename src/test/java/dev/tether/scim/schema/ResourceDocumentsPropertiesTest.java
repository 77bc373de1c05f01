package dev.tether.scim.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A stored document is a fixed point: validating it again (as POST, PUT or PATCH) changes nothing. */
class ResourceDocumentsPropertiesTest {

    static final ResourceSchema USER = ResourceDocumentsTest.USER;

    @Property(tries = 300)
    void storedDocumentIsAFixedPoint(@ForAll("userBodies") ObjectNode body) {
        ObjectNode stored = ResourceDocuments.forCreate(USER, body);
        assertEquals(stored, ResourceDocuments.forCreate(USER, stored));
        assertEquals(stored, ResourceDocuments.forReplace(USER, stored, stored));
        assertEquals(stored, ResourceDocuments.checkPatched(USER, stored.deepCopy(), stored));
    }

    @Provide
    Arbitrary<ObjectNode> userBodies() {
        Arbitrary<String> words = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
        Arbitrary<Object> active = Arbitraries.of(true, false, "true", "False", "TRUE", null);
        Arbitrary<String> emailType = Arbitraries.of("work", "Work", "HOME", "other", "custom type", null);
        Arbitrary<Boolean> enterprise = Arbitraries.of(true, false);
        Arbitrary<Boolean> upperNames = Arbitraries.of(true, false);
        return Combinators.combine(words, active, emailType, enterprise, upperNames, words)
                .as((userName, isActive, type, withEnterprise, upper, dept) -> {
                    ObjectNode b = JsonNodeFactory.instance.objectNode();
                    var schemas = b.putArray("schemas").add(SchemaRegistry.USER_URN);
                    b.put(name("userName", upper), userName);
                    if (isActive instanceof Boolean bool) {
                        b.put(name("active", upper), bool);
                    } else if (isActive != null) {
                        b.put(name("active", upper), (String) isActive);
                    } else {
                        b.putNull("active");
                    }
                    ObjectNode email = b.putArray(name("emails", upper)).addObject();
                    email.put(name("value", upper), userName + "@example.org");
                    email.put("type", type);
                    email.put("primary", true);
                    b.putObject("meta").put("resourceType", "User");
                    if (withEnterprise) {
                        schemas.add(SchemaRegistry.ENTERPRISE_USER_URN);
                        ObjectNode ent = b.putObject(SchemaRegistry.ENTERPRISE_USER_URN);
                        ent.put(name("department", upper), dept);
                        ent.putObject("manager").put("value", "m-" + dept).putNull("$ref");
                    }
                    return b;
                });
    }

    private static String name(String canonical, boolean upper) {
        return upper ? canonical.toUpperCase(Locale.ROOT) : canonical;
    }
}
