package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Create, read, replace and delete of users and groups (RFC 7644 §3.3-§3.6, RFC 7643 §3-§4). */
@Tag("crud")
class ResourceCrudConformance {

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.3 MUST: POST /Users answers 201 with the resource, Location equals meta.location")
    void postUser() {
        String userName = unique("crud-create");
        Response r = scim().body("""
                {"schemas":["%s"],"userName":"%s","name":{"givenName":"Ada","familyName":"Lovelace"},
                 "emails":[{"value":"%s@example.com","type":"work","primary":true}],"active":true}"""
                .formatted(USER, userName, userName)).post("/Users");
        r.then().statusCode(201).body("id", not(emptyOrNullString())).body("userName", equalTo(userName))
                .body("schemas", hasItem(USER)).body("name.familyName", equalTo("Lovelace"))
                .body("meta.resourceType", equalTo("User")).body("meta.location", startsWith("http"));
        created("/Users/" + r.path("id"));
        assertEquals(r.path("meta.location"), r.header("Location"), "Location header equals meta.location");
        assertTrue(((String) r.path("meta.location")).endsWith("/Users/" + r.path("id")), "location names the resource");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §3.1 MUST: meta carries resourceType, created and lastModified as xsd:dateTime")
    void metaIsComplete() {
        String id = createUser(unique("crud-meta"));
        Response r = scim().get("/Users/" + id);
        r.then().statusCode(200).body("meta.resourceType", equalTo("User"));
        OffsetDateTime created = OffsetDateTime.parse(r.path("meta.created"));
        OffsetDateTime modified = OffsetDateTime.parse(r.path("meta.lastModified"));
        assertFalse(modified.isBefore(created), "lastModified is not before created");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.4.1 MUST: GET /Users/{id} returns the resource")
    void readUser() {
        String userName = unique("crud-read");
        String id = createUser(userName);
        scim().get("/Users/" + id).then().statusCode(200).body("id", equalTo(id)).body("userName", equalTo(userName))
                .body("schemas", hasItem(USER));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.12 MUST: GET of an unknown id answers 404 with a SCIM error whose status is a string")
    void unknownUserIs404() {
        scim().get("/Users/00000000-0000-0000-0000-00000000dead").then().statusCode(404)
                .body("schemas", hasItem(ERROR)).body("status", equalTo("404"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.1 MUST: PUT replaces the user and answers 200 with it")
    void replaceUser() {
        String userName = unique("crud-put");
        String id = createUser(userName);
        scim().body("""
                {"schemas":["%s"],"userName":"%s","displayName":"Replaced","name":{"familyName":"Hopper"}}"""
                .formatted(USER, userName)).put("/Users/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("displayName", equalTo("Replaced"))
                .body("name.familyName", equalTo("Hopper"));
        scim().get("/Users/" + id).then().body("displayName", equalTo("Replaced"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.1 MUST: readOnly values sent in a PUT (id, meta) are ignored")
    void putIgnoresReadOnly() {
        String userName = unique("crud-put-ro");
        String id = createUser(userName);
        String created = scim().get("/Users/" + id).path("meta.created");
        scim().body("""
                {"schemas":["%s"],"id":"%s","userName":"%s","meta":{"created":"2001-01-01T00:00:00Z","resourceType":"User"}}"""
                .formatted(USER, id, userName)).put("/Users/" + id).then().statusCode(200).body("id", equalTo(id));
        scim().get("/Users/" + id).then().statusCode(200).body("meta.created", equalTo(created));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.1 MUST: PUT is not used to create — PUT to an unknown id answers 404")
    void putUnknownIs404() {
        scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + unique("crud-put-404") + "\"}")
                .put("/Users/00000000-0000-0000-0000-00000000beef").then().statusCode(404);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.6 MUST: DELETE answers 204, the resource is then gone (404) for GET and DELETE")
    void deleteUser() {
        String id = createUser(unique("crud-delete"));
        scim().delete("/Users/" + id).then().statusCode(204);
        scim().get("/Users/" + id).then().statusCode(404);
        scim().delete("/Users/" + id).then().statusCode(404);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.6 MUST: a deleted user is not returned by queries")
    void deletedUserNotListed() {
        requires(Feature.FILTER);
        String userName = unique("crud-delete-list");
        String id = createUser(userName);
        scim().delete("/Users/" + id).then().statusCode(204);
        scim().queryParam("filter", "userName eq \"" + userName + "\"").get("/Users").then().statusCode(200)
                .body("totalResults", equalTo(0));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.3 MUST: POST /Groups with members answers 201 and keeps them")
    void createGroupWithMembers() {
        String user = createUser(unique("crud-member"));
        String name = unique("crud-group");
        Response r = scim().body("""
                {"schemas":["%s"],"displayName":"%s","members":[{"value":"%s"}]}""".formatted(GROUP, name, user))
                .post("/Groups");
        r.then().statusCode(201).body("displayName", equalTo(name)).body("meta.resourceType", equalTo("Group"));
        String id = r.path("id");
        created("/Groups/" + id);
        scim().get("/Groups/" + id).then().statusCode(200).body("members.value", contains(user));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.5.1 MUST: PUT /Groups replaces the member list")
    void replaceGroupMembers() {
        String a = createUser(unique("crud-ga"));
        String b = createUser(unique("crud-gb"));
        String name = unique("crud-gput");
        String id = createGroup(name, a);
        scim().body("""
                {"schemas":["%s"],"displayName":"%s","members":[{"value":"%s"}]}""".formatted(GROUP, name, b))
                .put("/Groups/" + id).then().statusCode(200);
        scim().get("/Groups/" + id).then().statusCode(200).body("members.value", contains(b));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.6 MUST: DELETE /Groups/{id} answers 204, then 404")
    void deleteGroup() {
        String id = createGroup(unique("crud-gdel"));
        scim().delete("/Groups/" + id).then().statusCode(204);
        scim().get("/Groups/" + id).then().statusCode(404);
    }

    @Test
    @Tag("SHOULD")
    @DisplayName("RFC 7643 §4.1.2 SHOULD: a user's groups attribute lists the groups it is a direct member of")
    void userGroupsReflectMembership() {
        String user = createUser(unique("crud-groups"));
        String group = createGroup(unique("crud-groups-g"), user);
        scim().get("/Users/" + user).then().statusCode(200).body("groups.value", hasItem(group));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §4.3 MUST: the enterprise extension is stored under its URN when listed in schemas")
    void enterpriseExtension() {
        org.junit.jupiter.api.Assumptions.assumeTrue(userHasEnterpriseExtension(),
                "N/A: the User resource type does not declare the enterprise extension");
        String userName = unique("crud-ent");
        Response r = scim().body("""
                {"schemas":["%s","%s"],"userName":"%s","%s":{"employeeNumber":"42","department":"R&D"}}"""
                .formatted(USER, ENTERPRISE, userName, ENTERPRISE)).post("/Users");
        r.then().statusCode(201);
        created("/Users/" + r.path("id"));
        scim().get("/Users/" + r.path("id")).then().body("schemas", hasItem(ENTERPRISE))
                .body("'" + ENTERPRISE + "'.department", equalTo("R&D"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §2.4 MUST: primary=true appears at most once in a multi-valued attribute")
    void singlePrimary() {
        String userName = unique("crud-primary");
        Response r = scim().body("""
                {"schemas":["%s"],"userName":"%s","emails":[{"value":"a@example.com","primary":true},
                 {"value":"b@example.com","primary":true}]}""".formatted(USER, userName)).post("/Users");
        if (r.statusCode() == 201) {
            created("/Users/" + r.path("id"));
            List<Object> primaries = scim().get("/Users/" + r.path("id")).jsonPath().getList("emails.findAll { it.primary == true }");
            assertTrue(primaries.size() <= 1, "at most one primary email, got " + primaries.size());
        } else {
            assertEquals(400, r.statusCode(), "either normalised (201) or refused (400)");
        }
    }
}
