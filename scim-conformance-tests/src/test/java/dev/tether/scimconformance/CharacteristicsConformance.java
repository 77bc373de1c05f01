package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Attribute characteristics: mutability, returned, uniqueness, required (RFC 7643 §2.2, §7). */
@Tag("characteristics")
class CharacteristicsConformance {

    static final String PASSWORD_USER = """
            {"schemas":["%s"],"userName":"%s","password":"t1meMachine!"}""";

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §4.1.1 MUST: password is never returned — not by POST, GET, list, or when asked for")
    void passwordNeverReturned() {
        String userName = unique("char-password");
        Response r = scim().body(PASSWORD_USER.formatted(USER, userName)).post("/Users");
        org.junit.jupiter.api.Assumptions.assumeTrue(r.statusCode() == 201,
                "N/A: the server refused a password on create (" + r.statusCode() + ")");
        String id = r.path("id");
        created("/Users/" + id);
        r.then().body("$", not(hasKey("password")));
        scim().get("/Users/" + id).then().statusCode(200).body("$", not(hasKey("password")));
        scim().queryParam("attributes", "password").get("/Users/" + id).then().statusCode(200)
                .body("$", not(hasKey("password")));
        if (Feature.FILTER.advertised()) {
            scim().queryParam("filter", "userName eq \"" + userName + "\"").get("/Users").then().statusCode(200)
                    .body("Resources[0]", not(hasKey("password")));
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §2.2 MUST: no attribute the schema marks returned=never appears in a response")
    void returnedNeverIsHonoured() {
        List<Map<String, Object>> attributes = scim().get("/Schemas/" + USER).jsonPath().getList("attributes");
        String id = createUser(unique("char-never"));
        Map<String, Object> user = scim().get("/Users/" + id).jsonPath().getMap("$");
        for (Map<String, Object> attribute : attributes) {
            if ("never".equals(attribute.get("returned"))) {
                assertFalse(user.containsKey(attribute.get("name")), attribute.get("name") + " is returned=never");
            }
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §3.1 MUST: id is assigned by the server — a client-sent id is ignored or refused")
    void clientIdIgnored() {
        String userName = unique("char-id");
        Response r = scim().body("""
                {"schemas":["%s"],"id":"client-chosen-id","userName":"%s"}""".formatted(USER, userName)).post("/Users");
        if (r.statusCode() == 201) {
            created("/Users/" + r.path("id"));
            assertNotEquals("client-chosen-id", r.path("id"));
        } else {
            r.then().statusCode(400);
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §3.1 MUST: meta is readOnly — a client-sent meta.created is not kept")
    void clientMetaIgnored() {
        String userName = unique("char-meta");
        Response r = scim().body("""
                {"schemas":["%s"],"userName":"%s","meta":{"created":"2001-01-01T00:00:00Z"}}"""
                .formatted(USER, userName)).post("/Users");
        if (r.statusCode() == 201) {
            created("/Users/" + r.path("id"));
            assertNotEquals("2001-01-01T00:00:00Z", r.path("meta.created"));
        } else {
            r.then().statusCode(400);
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.3 MUST: a duplicate userName answers 409 with scimType uniqueness")
    void duplicateUserName() {
        String userName = unique("char-unique");
        createUser(userName);
        scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\"}").post("/Users")
                .then().statusCode(409).body("scimType", equalTo("uniqueness")).body("status", equalTo("409"))
                .body("schemas", hasItem(ERROR));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §4.1.1 MUST: userName is case-insensitive, so a duplicate differing in case answers 409")
    void duplicateUserNameIgnoresCase() {
        String userName = unique("char-unique-case");
        createUser(userName);
        scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName.toUpperCase() + "\"}").post("/Users")
                .then().statusCode(409).body("scimType", equalTo("uniqueness"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.1 MUST: a PUT that would duplicate a userName answers 409 uniqueness")
    void putDuplicateUserName() {
        String taken = unique("char-put-taken");
        createUser(taken);
        String id = createUser(unique("char-put-other"));
        scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + taken + "\"}").put("/Users/" + id)
                .then().statusCode(409).body("scimType", equalTo("uniqueness"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §4.1.1 MUST: userName is required — a user without one answers 400")
    void userNameRequired() {
        scim().body("{\"schemas\":[\"" + USER + "\"],\"displayName\":\"No Name\"}").post("/Users")
                .then().statusCode(400).body("schemas", hasItem(ERROR)).body("status", equalTo("400"))
                .body("scimType", anyOf(equalTo("invalidValue"), equalTo("invalidSyntax")));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §4.2 MUST: Group displayName is required — a group without one answers 400")
    void displayNameRequired() {
        scim().body("{\"schemas\":[\"" + GROUP + "\"],\"members\":[]}").post("/Groups").then().statusCode(400);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §4.1.2 MUST: groups on a User is readOnly — a PUT cannot change membership")
    void userGroupsReadOnly() {
        String userName = unique("char-groups");
        String user = createUser(userName);
        String group = createGroup(unique("char-groups-g"));
        Response r = scim().body("""
                {"schemas":["%s"],"userName":"%s","groups":[{"value":"%s"}]}""".formatted(USER, userName, group))
                .put("/Users/" + user);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 400, "ignored (200) or refused (400), got " + r.statusCode());
        scim().get("/Groups/" + group).then().statusCode(200).body("members", anyOf(nullValue(), empty()));
    }
}
