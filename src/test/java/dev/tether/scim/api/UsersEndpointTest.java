package dev.tether.scim.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsersEndpointTest {

    static ScimDirectory dir;

    /** RestAssured knows the test port only once a test runs, so the directory is made lazily. */
    @BeforeEach
    void directory() {
        if (dir == null) {
            dir = ScimDirectory.create("users-endpoint");
        }
    }

    static String user(String userName) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "userName":"%s","externalId":"ext-%s","active":true,
                 "name":{"givenName":"Ada","familyName":"Lovelace"},
                 "displayName":"Ada %s",
                 "password":"Pl@ceholder1",
                 "emails":[{"value":"%s@example.com","type":"work","primary":true},
                           {"value":"%s@home.example","type":"home"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"42","department":"R&D"}}
                """.formatted(userName, userName, userName, userName, userName);
    }

    static String create(String userName) {
        return dir.scim().body(user(userName)).post(dir.path("/Users")).then().statusCode(201).extract().path("id");
    }

    @Test
    void createReturnsTheResourceWithMetaLocationAndEtag() {
        Response r = dir.scim().body(user("create.one")).post(dir.path("/Users"));
        r.then().statusCode(201)
                .contentType(startsWith("application/scim+json"))
                .header("ETag", startsWith("W/\""))
                .header("Location", endsWith("/Users/" + r.path("id")))
                .body("userName", equalTo("create.one"))
                .body("meta.resourceType", equalTo("User"))
                .body("meta.location", equalTo(r.header("Location")))
                .body("meta.version", equalTo(r.header("ETag")))
                .body("meta.created", notNullValue())
                .body("emails.value", hasItem("create.one@example.com"))
                .body("'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'.department", equalTo("R&D"))
                .body("$", not(hasKey("password")));
    }

    @Test
    void passwordIsNeverReturnedEvenWhenAskedFor() {
        String id = create("pw.asked");
        dir.scim().queryParam("attributes", "password,userName").get(dir.path("/Users/" + id))
                .then().statusCode(200).body("$", not(hasKey("password"))).body("userName", equalTo("pw.asked"));
    }

    @Test
    void userNameIsUniqueCaseInsensitively() {
        create("unique.person");
        dir.scim().body(user("UNIQUE.Person")).post(dir.path("/Users"))
                .then().statusCode(409)
                .contentType(startsWith("application/scim+json"))
                .body("schemas", contains("urn:ietf:params:scim:api:messages:2.0:Error"))
                .body("status", equalTo("409"))
                .body("scimType", equalTo("uniqueness"));
    }

    @Test
    void renamingOntoATakenUserNameIs409AndChangesNothing() {
        create("taken.name");
        String id = create("keeps.name");
        dir.scim().body(user("Taken.Name")).put(dir.path("/Users/" + id))
                .then().statusCode(409).body("scimType", equalTo("uniqueness"));
        dir.scim().body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "userName", "value": "TAKEN.name"}]}
                """).patch(dir.path("/Users/" + id))
                .then().statusCode(409).body("scimType", equalTo("uniqueness"));
        dir.scim().get(dir.path("/Users/" + id)).then().statusCode(200)
                .body("userName", equalTo("keeps.name")).body("meta.version", equalTo("W/\"1\""));
    }

    @Test
    void getUnknownOrMalformedIdIs404InScimFormat() {
        dir.scim().get(dir.path("/Users/6f1c1d2e-8a7b-4c1d-9e2f-0a1b2c3d4e5f")).then().statusCode(404)
                .body("status", equalTo("404"));
        dir.scim().get(dir.path("/Users/not-a-uuid")).then().statusCode(404).body("status", equalTo("404"));
    }

    @Test
    void filterUserNameIsCaseInsensitiveAndExact() {
        String id = create("Filter.Me");
        create("filter.me.not");
        dir.scim().queryParam("filter", "userName eq \"filter.me\"").get(dir.path("/Users"))
                .then().statusCode(200)
                .body("schemas", contains("urn:ietf:params:scim:api:messages:2.0:ListResponse"))
                .body("totalResults", equalTo(1))
                .body("itemsPerPage", equalTo(1))
                .body("startIndex", equalTo(1))
                .body("Resources[0].id", equalTo(id));
    }

    @Test
    void entraConnectionTestWithRandomIdGetsEmptyList() {
        dir.scim().queryParam("filter", "id eq \"" + java.util.UUID.randomUUID() + "\"").get(dir.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(0)).body("Resources.size()", equalTo(0));
        dir.scim().queryParam("filter", "userName eq \"" + java.util.UUID.randomUUID() + "\"").get(dir.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(0));
    }

    @Test
    void invalidFilterIs400InvalidFilter() {
        dir.scim().queryParam("filter", "userName eq").get(dir.path("/Users"))
                .then().statusCode(400).body("scimType", equalTo("invalidFilter"))
                .contentType(startsWith("application/scim+json"));
        dir.scim().queryParam("filter", "(userName eq \"x\"").get(dir.path("/Users"))
                .then().statusCode(400).body("scimType", equalTo("invalidFilter"));
    }

    @Test
    void filtersOnEmailsValuePathsAndExtensionAttributes() {
        String id = create("vp.user");
        dir.scim().queryParam("filter", "emails[type eq \"work\" and value co \"vp.user@\"]").get(dir.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id));
        dir.scim().queryParam("filter", "emails[type eq \"work\"].value eq \"VP.USER@example.com\"")
                .get(dir.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(1));
        dir.scim().queryParam("filter",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"42\" and userName sw \"vp.\"")
                .get(dir.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(1));
        dir.scim().queryParam("filter", "name.familyName eq \"lovelace\" and not (userName ne \"vp.user\")")
                .get(dir.path("/Users"))
                .then().statusCode(200).body("totalResults", equalTo(1));
    }

    @Test
    void pagingIsStableAndTotalIsExact() {
        ScimDirectory own = ScimDirectory.create("paging");
        java.util.Set<String> created = new java.util.HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(own.scim().body(user("page" + i)).post(own.path("/Users")).then().statusCode(201)
                    .extract().path("id"));
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int start = 1; start <= 7; start += 3) {
            java.util.List<String> ids = own.scim().queryParam("startIndex", start).queryParam("count", 3)
                    .get(own.path("/Users")).then().statusCode(200)
                    .body("totalResults", equalTo(7)).body("startIndex", equalTo(start))
                    .extract().path("Resources.id");
            for (String id : ids) {
                org.junit.jupiter.api.Assertions.assertTrue(seen.add(id), "seen twice: " + id);
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(created, seen);
        own.scim().queryParam("count", 0).get(own.path("/Users")).then().statusCode(200)
                .body("totalResults", equalTo(7)).body("itemsPerPage", equalTo(0));
        own.scim().queryParam("sortBy", "userName").queryParam("sortOrder", "descending").queryParam("count", 2)
                .get(own.path("/Users")).then().statusCode(200)
                .body("Resources.userName", contains("page6", "page5"));
    }

    @Test
    void attributesAndExcludedAttributesShapeResponses() {
        String id = create("proj.user");
        dir.scim().queryParam("attributes", "userName,name.givenName").get(dir.path("/Users/" + id))
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("userName", equalTo("proj.user"))
                .body("name.givenName", equalTo("Ada"))
                .body("name", not(hasKey("familyName")))
                .body("$", not(hasKey("emails")));
        dir.scim().queryParam("excludedAttributes", "emails,name").get(dir.path("/Users/" + id))
                .then().statusCode(200)
                .body("$", not(hasKey("emails")))
                .body("$", not(hasKey("name")))
                .body("userName", equalTo("proj.user"));
    }

    @Test
    void putReplacesAndKeepsIdAndCreated() {
        String id = create("put.user");
        String created = dir.scim().get(dir.path("/Users/" + id)).path("meta.created");
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s","userName":"put.user",
                 "displayName":"Replaced","active":false}""".formatted(id))
                .put(dir.path("/Users/" + id))
                .then().statusCode(200)
                .body("displayName", equalTo("Replaced"))
                .body("active", equalTo(false))
                .body("$", not(hasKey("emails")))
                .body("meta.created", equalTo(created));
    }

    @Test
    void ifMatchMismatchIs412AndChangesNothing() {
        String id = create("etag.user");
        String etag = dir.scim().get(dir.path("/Users/" + id)).header("ETag");
        String patch = """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"First"}]}""";
        String newEtag = dir.scim().header("If-Match", etag).body(patch).patch(dir.path("/Users/" + id))
                .then().statusCode(200).body("displayName", equalTo("First")).extract().header("ETag");
        org.junit.jupiter.api.Assertions.assertNotEquals(etag, newEtag);
        dir.scim().header("If-Match", etag).body(patch.replace("First", "Second")).patch(dir.path("/Users/" + id))
                .then().statusCode(412).body("status", equalTo("412"));
        dir.scim().header("If-Match", etag).delete(dir.path("/Users/" + id)).then().statusCode(412);
        dir.scim().get(dir.path("/Users/" + id)).then().statusCode(200).body("displayName", equalTo("First"));
        dir.scim().header("If-None-Match", newEtag).get(dir.path("/Users/" + id)).then().statusCode(304);
        dir.scim().header("If-Match", newEtag).delete(dir.path("/Users/" + id)).then().statusCode(204);
        dir.scim().get(dir.path("/Users/" + id)).then().statusCode(404);
    }

    @Test
    void badJsonUnknownAttributesAndMissingUserNameAreRejected() {
        dir.scim().body("{not json").post(dir.path("/Users")).then().statusCode(400)
                .body("scimType", equalTo("invalidSyntax"));
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x.unknown","shoeSize":44}""")
                .post(dir.path("/Users")).then().statusCode(400).body("detail", containsString("shoeSize"));
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"displayName":"No Name"}""")
                .post(dir.path("/Users")).then().statusCode(400).body("scimType", equalTo("invalidValue"));
        dir.scim().queryParam("filter", "userName eq \"x.unknown\"").get(dir.path("/Users"))
                .then().body("totalResults", equalTo(0));
    }

    @Test
    void acceptsJsonAndMissingContentTypes() {
        io.restassured.RestAssured.given().auth().oauth2(dir.token()).contentType("application/json")
                .body(user("ct.json")).post(dir.path("/Users")).then().statusCode(201)
                .contentType(startsWith("application/scim+json"));
        io.restassured.RestAssured.given().auth().oauth2(dir.token())
                .body(user("ct.none").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(dir.path("/Users")).then().statusCode(201);
    }

    @Test
    void searchWithPost() {
        String id = create("search.user");
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"userName eq \\"search.user\\"","attributes":["userName"],"startIndex":1,"count":10}""")
                .post(dir.path("/Users/.search"))
                .then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].id", equalTo(id))
                .body("Resources[0]", not(hasKey("emails")));
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"userName eq \\"search.user\\" or displayName eq \\"nobody\\""}""")
                .post(dir.path("/.search"))
                .then().statusCode(200).body("totalResults", equalTo(1))
                .body("Resources[0].meta.resourceType", equalTo("User"));
    }

    @Test
    void nullsAndMetaInPostBodyAreIgnored() {
        dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"nulls.user",
                 "title":null,"nickName":null,"meta":{"resourceType":"User"},"active":"True"}""")
                .post(dir.path("/Users")).then().statusCode(201)
                .body("active", equalTo(true))
                .body("$", not(hasKey("title")))
                .body("meta.created", notNullValue())
                .body("nickName", nullValue());
    }
}
