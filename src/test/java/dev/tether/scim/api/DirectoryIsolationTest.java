package dev.tether.scim.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** One directory's token sees nothing of another's, and learns nothing of its existence. */
@QuarkusTest
class DirectoryIsolationTest {

    @Test
    void resourcesOfOneDirectoryAreInvisibleToAnother() {
        ScimDirectory a = ScimDirectory.create("tenant-a");
        ScimDirectory b = ScimDirectory.create("tenant-b");
        String id = a.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"shared.name"}""")
                .post(a.path("/Users")).then().statusCode(201).extract().path("id");
        // the same userName may exist in another directory
        b.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"shared.name"}""")
                .post(b.path("/Users")).then().statusCode(201);
        b.scim().get(b.path("/Users/" + id)).then().statusCode(404);
        b.scim().delete(b.path("/Users/" + id)).then().statusCode(404);
        b.scim().queryParam("filter", "id eq \"" + id + "\"").get(b.path("/Users")).then().body("totalResults", equalTo(0));
        // A's token on B's URL: 401, same body as for a directory that does not exist
        String onB = given().auth().oauth2(a.token()).get(b.path("/Users")).then().statusCode(401).extract().asString();
        String onNothing = given().auth().oauth2(a.token()).get("/scim/v2/" + java.util.UUID.randomUUID() + "/Users")
                .then().statusCode(401).extract().asString();
        org.junit.jupiter.api.Assertions.assertEquals(onNothing, onB);
        a.scim().get(a.path("/Users/" + id)).then().statusCode(200);
    }
}
