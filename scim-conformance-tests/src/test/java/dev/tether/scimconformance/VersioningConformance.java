package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ETags and conditional requests (RFC 7644 §3.14, RFC 7643 §3.1 meta.version). */
@Tag("etag")
class VersioningConformance {

    @BeforeEach
    void applicable() {
        requires(Feature.ETAG);
    }

    static String etagOf(String path) {
        Response r = scim().get(path);
        r.then().statusCode(200).header("ETag", notNullValue());
        return r.header("ETag");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.14 MUST: the ETag changes when the resource changes")
    void etagMoves() {
        String userName = unique("etag-move");
        String id = createUser(userName);
        String before = etagOf("/Users/" + id);
        scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\",\"displayName\":\"Changed\"}")
                .put("/Users/" + id).then().statusCode(200);
        assertNotEquals(before, etagOf("/Users/" + id));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.14 MUST: If-None-Match with the current ETag answers 304 Not Modified")
    void ifNoneMatch() {
        String id = createUser(unique("etag-304"));
        String etag = etagOf("/Users/" + id);
        scim().header("If-None-Match", etag).get("/Users/" + id).then().statusCode(304);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.14 MUST: If-None-Match with an old ETag answers 200 with the resource")
    void ifNoneMatchStale() {
        String id = createUser(unique("etag-200"));
        scim().header("If-None-Match", "W/\"stale-version\"").get("/Users/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.14 MUST: PUT with a stale If-Match answers 412 and changes nothing")
    void ifMatchPut() {
        String userName = unique("etag-put");
        String id = createUser(userName);
        scim().header("If-Match", "W/\"stale-version\"")
                .body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\",\"displayName\":\"Lost\"}")
                .put("/Users/" + id).then().statusCode(412);
        scim().get("/Users/" + id).then().body("$", not(hasKey("displayName")));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.14 MUST: PATCH with a stale If-Match answers 412")
    void ifMatchPatch() {
        requires(Feature.PATCH);
        String id = createUser(unique("etag-patch"));
        scim().header("If-Match", "W/\"stale-version\"").body(patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Lost\"}"))
                .patch("/Users/" + id).then().statusCode(412);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.14 MUST: DELETE with a stale If-Match answers 412 and keeps the resource")
    void ifMatchDelete() {
        String id = createUser(unique("etag-delete"));
        scim().header("If-Match", "W/\"stale-version\"").delete("/Users/" + id).then().statusCode(412);
        scim().get("/Users/" + id).then().statusCode(200);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.14 MUST: a write with the current If-Match succeeds")
    void ifMatchCurrent() {
        String userName = unique("etag-ok");
        String id = createUser(userName);
        String etag = etagOf("/Users/" + id);
        scim().header("If-Match", etag)
                .body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\",\"displayName\":\"Kept\"}")
                .put("/Users/" + id).then().statusCode(200).body("displayName", equalTo("Kept"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7643 §3.1 MUST: meta.version equals the ETag header on write responses")
    void versionOnWrite() {
        Response r = scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + unique("etag-write") + "\"}").post("/Users");
        r.then().statusCode(201);
        created("/Users/" + r.path("id"));
        if (r.header("ETag") != null) {
            assertEquals(r.header("ETag"), r.path("meta.version"));
        }
    }
}
