package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every PATCH form of RFC 7644 §3.5.2. The outcome is checked with a GET, since a server may
 * answer 200 with the resource or 204 with none (§3.5.2), and a group response may omit members.
 */
@Tag("patch")
class PatchConformance {

    @BeforeEach
    void applicable() {
        requires(Feature.PATCH);
    }

    static String user() {
        return create("/Users", """
                {"schemas":["%s"],"userName":"%s","displayName":"Before","title":"Old","name":{"givenName":"Ann","familyName":"Bee"},
                 "emails":[{"value":"work@example.com","type":"work"},{"value":"home@example.com","type":"home"}],
                 "addresses":[{"type":"work","locality":"Paris","country":"FR"}]}""".formatted(USER, unique("pt")));
    }

    /** Applies the operations, accepts 200 or 204, and returns the resource as now stored. */
    static ValidatableResponse patched(String path, String... ops) {
        Response r = scim().body(patch(ops)).patch(path);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 204, "PATCH answers 200 or 204, got " + r.statusCode());
        return scim().get(path).then().statusCode(200);
    }

    static ValidatableResponse refused(String path, String... ops) {
        return scim().body(patch(ops)).patch(path).then().statusCode(400).body("schemas", hasItem(ERROR))
                .body("status", equalTo("400"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2 MUST: a successful PATCH answers 200 with the resource or 204")
    void successStatus() {
        String id = user();
        Response r = scim().body(patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"After\"}"))
                .patch("/Users/" + id);
        if (r.statusCode() == 200) {
            r.then().body("id", equalTo(id)).body("displayName", equalTo("After"));
        } else {
            assertEquals(204, r.statusCode());
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.1 MUST: add with a path to a single-valued attribute sets it")
    void addSingleValued() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"add\",\"path\":\"nickName\",\"value\":\"Nick\"}").body("nickName", equalTo("Nick"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.1 MUST: add to a multi-valued attribute appends the values")
    void addMultiValued() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"other@example.com\",\"type\":\"other\"}]}")
                .body("emails.value", containsInAnyOrder("work@example.com", "home@example.com", "other@example.com"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.1 MUST: add without a path merges the value object into the resource")
    void addNoPath() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"add\",\"value\":{\"nickName\":\"Nicky\",\"name\":{\"middleName\":\"M\"}}}")
                .body("nickName", equalTo("Nicky")).body("name.middleName", equalTo("M")).body("name.familyName", equalTo("Bee"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.1 MUST: add to a complex sub-attribute path (name.givenName)")
    void addSubAttribute() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"add\",\"path\":\"name.givenName\",\"value\":\"Anna\"}")
                .body("name.givenName", equalTo("Anna")).body("name.familyName", equalTo("Bee"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.1 MUST: add of group members adds them")
    void addMembers() {
        String a = createUser(unique("pt-a"));
        String b = createUser(unique("pt-b"));
        String group = createGroup(unique("pt-g"), a);
        patched("/Groups/" + group, "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + b + "\"}]}")
                .body("members.value", containsInAnyOrder(a, b));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.2 MUST: remove of a single-valued attribute unassigns it")
    void removeSingleValued() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"remove\",\"path\":\"title\"}").body("$", not(hasKey("title")));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.2 MUST: remove of a multi-valued attribute without a filter removes all values")
    void removeAllValues() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"remove\",\"path\":\"emails\"}").body("emails", anyOf(nullValue(), empty()));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.2 MUST: remove with a value filter removes only matching values (emails[type eq \"home\"])")
    void removeFiltered() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"remove\",\"path\":\"emails[type eq \\\"home\\\"]\"}")
                .body("emails.value", contains("work@example.com"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.2 MUST: remove members[value eq \"id\"] removes that member only")
    void removeMemberByFilter() {
        String a = createUser(unique("pt-ra"));
        String b = createUser(unique("pt-rb"));
        String group = createGroup(unique("pt-rg"), a, b);
        patched("/Groups/" + group, "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + a + "\\\"]\"}")
                .body("members.value", contains(b));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.2 MUST: remove of the last member leaves members unassigned")
    void removeLastMember() {
        String a = createUser(unique("pt-la"));
        String group = createGroup(unique("pt-lg"), a);
        patched("/Groups/" + group, "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + a + "\\\"]\"}")
                .body("members", anyOf(nullValue(), empty()));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.2 MUST: remove without a path answers 400 noTarget")
    void removeWithoutPath() {
        String id = user();
        refused("/Users/" + id, "{\"op\":\"remove\"}").body("scimType", equalTo("noTarget"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.3 MUST: replace of a single-valued attribute")
    void replaceSingleValued() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"New\"}").body("title", equalTo("New"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.3 MUST: replace of a multi-valued attribute without a filter replaces all values")
    void replaceMultiValued() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"replace\",\"path\":\"emails\",\"value\":[{\"value\":\"only@example.com\",\"type\":\"work\"}]}")
                .body("emails.value", contains("only@example.com"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.3 MUST: replace without a path replaces the attributes in the value object")
    void replaceNoPath() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"replace\",\"value\":{\"displayName\":\"Whole\",\"title\":\"T\"}}")
                .body("displayName", equalTo("Whole")).body("title", equalTo("T"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.3 MUST: replace with a filtered path and sub-attribute (emails[type eq \"work\"].value)")
    void replaceFilteredSubAttribute() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"new@example.com\"}")
                .body("emails.value", containsInAnyOrder("new@example.com", "home@example.com"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.3 MUST: replace of a filtered sub-attribute of addresses (addresses[type eq \"work\"].locality)")
    void replaceAddressLocality() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"replace\",\"path\":\"addresses[type eq \\\"work\\\"].locality\",\"value\":\"Lyon\"}")
                .body("addresses[0].locality", equalTo("Lyon")).body("addresses[0].country", equalTo("FR"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.3 MUST: replace with a filter that matches nothing answers 400 noTarget")
    void replaceFilterNoMatch() {
        String id = user();
        refused("/Users/" + id, "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"nowhere\\\"].value\",\"value\":\"x@example.com\"}")
                .body("scimType", equalTo("noTarget"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.3 MUST: replace of an unassigned attribute adds it")
    void replaceUnassignedAdds() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"replace\",\"path\":\"nickName\",\"value\":\"Fresh\"}").body("nickName", equalTo("Fresh"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2 MUST: operations apply in order, all or none")
    void operationsInOrderAtomically() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"First\"}",
                "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Second\"}").body("title", equalTo("Second"));
        scim().body(patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Kept?\"}", "{\"op\":\"remove\"}"))
                .patch("/Users/" + id).then().statusCode(400);
        scim().get("/Users/" + id).then().body("displayName", equalTo("Before"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2 MUST: a PATCH body without Operations answers 400")
    void missingOperations() {
        String id = user();
        scim().body("{\"schemas\":[\"" + PATCH_OP + "\"]}").patch("/Users/" + id).then().statusCode(400);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2 MUST: an unknown op answers 400")
    void unknownOp() {
        String id = user();
        refused("/Users/" + id, "{\"op\":\"merge\",\"path\":\"title\",\"value\":\"X\"}");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2 MUST: a malformed path answers 400 invalidPath (or invalidFilter for its filter)")
    void malformedPath() {
        String id = user();
        refused("/Users/" + id, "{\"op\":\"replace\",\"path\":\"emails[type eq \",\"value\":\"x\"}")
                .body("scimType", anyOf(equalTo("invalidPath"), equalTo("invalidFilter")));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2 MUST: modifying a readOnly attribute (id) answers 400 mutability")
    void readOnlyRefused() {
        String id = user();
        refused("/Users/" + id, "{\"op\":\"replace\",\"path\":\"id\",\"value\":\"another-id\"}")
                .body("scimType", equalTo("mutability"));
        scim().get("/Users/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2.1 MUST: add without a value answers 400")
    void addWithoutValue() {
        String id = user();
        refused("/Users/" + id, "{\"op\":\"add\",\"path\":\"nickName\"}");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2 MUST: a PATCH that would duplicate a userName answers 409 uniqueness")
    void patchUniqueness() {
        String taken = unique("pt-taken");
        createUser(taken);
        String id = user();
        scim().body(patch("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"" + taken + "\"}")).patch("/Users/" + id)
                .then().statusCode(409).body("scimType", equalTo("uniqueness"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2 MUST: PATCH of an unknown resource answers 404")
    void patchUnknown() {
        scim().body(patch("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"X\"}"))
                .patch("/Users/00000000-0000-0000-0000-00000000f00d").then().statusCode(404);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2 MUST: PATCH ops may use URN-qualified paths")
    void urnPath() {
        String id = user();
        patched("/Users/" + id, "{\"op\":\"replace\",\"path\":\"" + USER + ":displayName\",\"value\":\"Urn\"}")
                .body("displayName", equalTo("Urn"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.2 MUST: PATCH of an extension attribute by its URN path")
    void extensionPath() {
        org.junit.jupiter.api.Assumptions.assumeTrue(userHasEnterpriseExtension(),
                "N/A: the User resource type does not declare the enterprise extension");
        String id = user();
        patched("/Users/" + id, "{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":department\",\"value\":\"Ops\"}")
                .body("'" + ENTERPRISE + "'.department", equalTo("Ops"));
    }
}
