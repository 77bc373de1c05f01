package dev.tether.scim.patch;

import static dev.tether.scim.patch.Fixtures.USER;
import static dev.tether.scim.patch.Fixtures.json;
import static dev.tether.scim.patch.Fixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class PatchEngineProperties {

    private final PatchEngine engine = new PatchEngine(USER);
    private final IdpDialect dialect = new IdpDialect(USER);

    /** A mix of operations that succeed and operations that fail, in Entra, Okta and RFC forms. */
    private static final List<String> OPERATIONS = List.of(
            "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}",
            "{\"op\":\"replace\",\"value\":{\"active\":true,\"id\":\"2819c223-7f76-453a-919d-413861904646\"}}",
            "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"n@example.com\",\"type\":\"other\",\"primary\":true}]}",
            "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"].primary\",\"value\":true}",
            "{\"op\":\"remove\",\"path\":\"emails[type eq \\\"work\\\"]\"}",
            "{\"op\":\"add\",\"path\":\"phoneNumbers[type eq \\\"mobile\\\"].value\",\"value\":\"555\"}",
            "{\"op\":\"replace\",\"path\":\"addresses[type eq \\\"work\\\"].locality\",\"value\":\"LA\"}",
            "{\"op\":\"remove\",\"path\":\"name.givenName\"}",
            "{\"op\":\"replace\",\"value\":{\"name.familyName\":\"J\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager\":\"m\"}}",
            "{\"op\":\"Replace\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager\",\"value\":\"\"}",
            "{\"op\":\"remove\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"}",
            "{\"op\":\"replace\",\"path\":\"emails\",\"value\":[]}",
            "{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}",
            "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"pager\\\"]\",\"value\":{\"value\":\"x\"}}",
            "{\"op\":\"add\",\"path\":\"shoeSize\",\"value\":1}",
            "{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}");

    @Provide
    Arbitrary<List<String>> operationLists() {
        return Arbitraries.of(OPERATIONS).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 300)
    void applyNeverMutatesItsInput(@ForAll("operationLists") List<String> operations) {
        ObjectNode input = user();
        try {
            engine.apply(input, dialect.normalise(Fixtures.ops(operations.toString())));
        } catch (PatchException expected) {
            // failing requests are part of the mix
        }
        assertEquals(user(), input);
    }

    @Property(tries = 300)
    void atMostOnePrimaryEmailAfterAnySuccessfulPatch(@ForAll("operationLists") List<String> operations) {
        ObjectNode out;
        try {
            out = engine.apply(user(), dialect.normalise(Fixtures.ops(operations.toString())));
        } catch (PatchException expected) {
            return;
        }
        int primaries = 0;
        for (JsonNode email : out.path("emails")) {
            primaries += email.path("primary").asBoolean(false) ? 1 : 0;
        }
        assertTrue(primaries <= 1, out.toString());
    }

    @Property(tries = 200)
    void addThenRemoveBySameFilterYieldsTheOriginal(
            @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 20) String local,
            @ForAll("emailTypes") String type,
            @ForAll boolean withoutEmails) {
        ObjectNode original = user();
        if (withoutEmails) {
            original.remove("emails");
        }
        String value = "gen-" + local + "@example.org";
        ObjectNode out = engine.apply(original, Fixtures.ops("""
                [{"op":"add","path":"emails","value":[{"value":"%s","type":"%s"}]},
                 {"op":"remove","path":"emails[value eq \\"%s\\" and type eq \\"%s\\"]"}]
                """.formatted(value, type, value, type)));
        assertEquals(original, out);
    }

    @Provide
    Arbitrary<String> emailTypes() {
        return Arbitraries.of("work", "home", "other");
    }

    @Property(tries = 100)
    void addingTheSameValuesTwiceEqualsAddingThemOnce(
            @ForAll @Size(min = 1, max = 4) List<@AlphaChars @StringLength(min = 1, max = 8) String> values) {
        List<String> elements = new ArrayList<>();
        for (String v : values) {
            elements.add("{\"value\":\"" + v + "\"}");
        }
        String op = "{\"op\":\"add\",\"path\":\"roles\",\"value\":" + elements + "}";
        ObjectNode once = engine.apply(user(), Fixtures.ops("[" + op + "]"));
        ObjectNode twice = engine.apply(user(), Fixtures.ops("[" + op + "," + op + "]"));
        assertEquals(once, twice);
        assertEquals(json(once.get("roles").toString()), twice.get("roles"));
    }
}
