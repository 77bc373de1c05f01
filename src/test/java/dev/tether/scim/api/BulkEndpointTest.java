package dev.tether.scim.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BulkEndpointTest {

    static ScimDirectory dir;

    /** RestAssured knows the test port only once a test runs, so the directory is made lazily. */
    @BeforeEach
    void directory() {
        if (dir == null) {
            dir = ScimDirectory.create("bulk");
        }
    }

    static String bulk(String extra, String ops) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"]" + extra
                + ",\"Operations\":[" + ops + "]}";
    }

    @Test
    void bulkIdReferencesResolveInAnyOrderIncludingMembers() {
        // the group comes first but refers to users created later in the same request
        Response r = dir.scim().body(bulk("", """
                {"method":"POST","path":"/Groups","bulkId":"g1","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
                  "displayName":"Bulk Group","members":[{"type":"User","value":"bulkId:u1"},{"value":"bulkId:u2"}]}},
                {"method":"POST","path":"/Users","bulkId":"u1","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bulk.one"}},
                {"method":"POST","path":"/Users","bulkId":"u2","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bulk.two"}}
                """)).post(dir.path("/Bulk"));
        r.then().statusCode(200)
                .body("schemas", contains("urn:ietf:params:scim:api:messages:2.0:BulkResponse"))
                .body("Operations.status", contains("201", "201", "201"))
                .body("Operations[0].location", startsWith("http"))
                .body("Operations[0].version", startsWith("W/"));
        String groupLocation = r.path("Operations[0].location");
        String groupId = groupLocation.substring(groupLocation.lastIndexOf('/') + 1);
        List<String> ids = List.of(r.<String>path("Operations[1].location"), r.<String>path("Operations[2].location"))
                .stream().map(l -> l.substring(l.lastIndexOf('/') + 1)).toList();
        dir.scim().get(dir.path("/Groups/" + groupId)).then().body("members.value", containsInAnyOrder(ids.toArray()));
    }

    @Test
    void failuresAreReportedPerOperationAndFailOnErrorsStops() {
        dir.scim().body(bulk(",\"failOnErrors\":1", """
                {"method":"POST","path":"/Users","bulkId":"a","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}},
                {"method":"POST","path":"/Users","bulkId":"b","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"never.made"}}
                """)).post(dir.path("/Bulk")).then().statusCode(200)
                .body("Operations.size()", equalTo(1))
                .body("Operations[0].status", equalTo("400"))
                .body("Operations[0].response.scimType", equalTo("invalidValue"));
        dir.scim().queryParam("filter", "userName eq \"never.made\"").get(dir.path("/Users"))
                .then().body("totalResults", equalTo(0));
    }

    @Test
    void circularReferencesFailWith409() {
        dir.scim().body(bulk("", """
                {"method":"POST","path":"/Groups","bulkId":"x","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
                  "displayName":"X","members":[{"value":"bulkId:y"}]}},
                {"method":"POST","path":"/Groups","bulkId":"y","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
                  "displayName":"Y","members":[{"value":"bulkId:x"}]}}
                """)).post(dir.path("/Bulk")).then().statusCode(200)
                .body("Operations.status", contains("409", "409"));
    }

    @Test
    void patchAndDeleteThroughBulk() {
        String id = dir.scim().body("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bulk.patched"}""")
                .post(dir.path("/Users")).then().statusCode(201).extract().path("id");
        dir.scim().body(bulk("", """
                {"method":"PATCH","path":"/Users/%s","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  "Operations":[{"op":"replace","path":"displayName","value":"Patched"}]}},
                {"method":"DELETE","path":"/Users/%s"}
                """.formatted(id, id))).post(dir.path("/Bulk")).then().statusCode(200)
                .body("Operations.status", contains("200", "204"));
        dir.scim().get(dir.path("/Users/" + id)).then().statusCode(404);
    }

    @Test
    void tooManyOperationsOrBytesIs413() {
        StringBuilder ops = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"method\":\"DELETE\",\"path\":\"/Users/x").append(i).append("\"}");
        }
        dir.scim().body(bulk("", ops.toString())).post(dir.path("/Bulk")).then().statusCode(413)
                .body("status", equalTo("413"));
        String big = "x".repeat(1_100_000);
        dir.scim().body(bulk("", "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"big\",\"data\":{\"userName\":\""
                + big + "\"}}")).post(dir.path("/Bulk")).then().statusCode(413);
    }
}
