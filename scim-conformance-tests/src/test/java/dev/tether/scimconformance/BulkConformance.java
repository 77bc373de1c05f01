package dev.tether.scimconformance;

import static dev.tether.scimconformance.support.ScimServer.*;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Bulk operations (RFC 7644 §3.7). */
@Tag("bulk")
class BulkConformance {

    static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    @BeforeEach
    void applicable() {
        requires(Feature.BULK);
    }

    static String bulk(String extra, String operations) {
        return "{\"schemas\":[\"" + BULK_REQUEST + "\"]" + extra + ",\"Operations\":[" + operations + "]}";
    }

    static String userOp(String bulkId, String userName) {
        return """
                {"method":"POST","path":"/Users","bulkId":"%s","data":{"schemas":["%s"],"userName":"%s"}}"""
                .formatted(bulkId, USER, userName);
    }

    /** Remembers what the bulk request created, for cleanup, and returns the location by bulkId. */
    static String locationOf(Response r, String bulkId) {
        List<Map<String, Object>> ops = r.jsonPath().getList("Operations");
        for (Map<String, Object> op : ops) {
            Object location = op.get("location");
            if (location != null) {
                String l = location.toString();
                created(l.substring(l.lastIndexOf(l.contains("/Groups/") ? "/Groups/" : "/Users/")));
            }
        }
        return ops.stream().filter(op -> bulkId.equals(op.get("bulkId"))).map(op -> (String) op.get("location"))
                .findFirst().orElseThrow(() -> new AssertionError("no operation with bulkId " + bulkId));
    }

    static String idOf(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.7 MUST: a BulkRequest answers 200 with a BulkResponse, one result per operation")
    void bulkResponseShape() {
        Response r = scim().body(bulk("", userOp("u1", unique("bulk-shape")))).post("/Bulk");
        r.then().statusCode(200).body("schemas", hasItem(BULK_RESPONSE)).body("Operations", hasSize(1))
                .body("Operations[0].method", equalToIgnoringCase("POST")).body("Operations[0].bulkId", equalTo("u1"))
                .body("Operations[0].location", startsWith("http"));
        assertEquals("201", r.jsonPath().getString("Operations[0].status"));
        locationOf(r, "u1");
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.7.2 MUST: bulkId references in members resolve to the created resources, in any order")
    void bulkIdReferences() {
        String groupOp = """
                {"method":"POST","path":"/Groups","bulkId":"g1","data":{"schemas":["%s"],"displayName":"%s",
                 "members":[{"type":"User","value":"bulkId:u1"},{"type":"User","value":"bulkId:u2"}]}}"""
                .formatted(GROUP, unique("bulk-group"));
        Response r = scim().body(bulk("", groupOp + "," + userOp("u1", unique("bulk-u1")) + "," + userOp("u2", unique("bulk-u2"))))
                .post("/Bulk");
        r.then().statusCode(200);
        String group = idOf(locationOf(r, "g1"));
        String u1 = idOf(locationOf(r, "u1"));
        String u2 = idOf(locationOf(r, "u2"));
        scim().get("/Groups/" + group).then().statusCode(200).body("members.value", containsInAnyOrder(u1, u2));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.7.3 MUST: failOnErrors=1 stops at the first error; later operations are not performed")
    void failOnErrors() {
        String taken = unique("bulk-taken");
        createUser(taken);
        String never = unique("bulk-never");
        Response r = scim().body(bulk(",\"failOnErrors\":1", userOp("dup", taken) + "," + userOp("later", never)))
                .post("/Bulk");
        r.then().statusCode(200);
        assertEquals("409", r.jsonPath().getString("Operations[0].status"), "the duplicate fails with 409");
        if (Feature.FILTER.advertised()) {
            scim().queryParam("filter", "userName eq \"" + never + "\"").get("/Users").then().body("totalResults", equalTo(0));
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.7.3 MUST: a failed operation carries its SCIM error in response")
    void failedOperationCarriesError() {
        String taken = unique("bulk-err");
        createUser(taken);
        Response r = scim().body(bulk("", userOp("dup", taken))).post("/Bulk");
        r.then().statusCode(200).body("Operations[0].response.scimType", equalTo("uniqueness"));
        assertEquals("409", r.jsonPath().getString("Operations[0].status"));
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.7.1 MUST: circular bulkId references are resolved or answered with 409, never a server error")
    void circularReferences() {
        String x = """
                {"method":"POST","path":"/Groups","bulkId":"x","data":{"schemas":["%s"],"displayName":"%s","members":[{"value":"bulkId:y"}]}}"""
                .formatted(GROUP, unique("bulk-x"));
        String y = """
                {"method":"POST","path":"/Groups","bulkId":"y","data":{"schemas":["%s"],"displayName":"%s","members":[{"value":"bulkId:x"}]}}"""
                .formatted(GROUP, unique("bulk-y"));
        Response r = scim().body(bulk("", x + "," + y)).post("/Bulk");
        if (r.statusCode() == 409) {
            return; // refused as a whole
        }
        r.then().statusCode(200);
        List<String> statuses = r.jsonPath().getList("Operations.status").stream().map(String::valueOf).toList();
        assertTrue(statuses.stream().allMatch(s -> s.equals("201") || s.equals("409")), "each 201 or 409: " + statuses);
        if (statuses.equals(List.of("201", "201"))) {
            String gx = idOf(locationOf(r, "x"));
            String gy = idOf(locationOf(r, "y"));
            scim().get("/Groups/" + gx).then().body("members.value", contains(gy));
            scim().get("/Groups/" + gy).then().body("members.value", contains(gx));
        } else if (statuses.contains("201")) {
            locationOf(r, statuses.get(0).equals("201") ? "x" : "y");
        }
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.7.4 MUST: more operations than bulk.maxOperations answers 413")
    void tooManyOperations() {
        Integer max = bulkMaxOperations();
        org.junit.jupiter.api.Assumptions.assumeTrue(max != null && max < 5000, "N/A: bulk.maxOperations not advertised or too large to exceed");
        StringBuilder ops = new StringBuilder();
        for (int i = 0; i <= max; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"method\":\"DELETE\",\"path\":\"/Users/00000000-0000-0000-0000-")
                    .append(String.format("%012d", i)).append("\"}");
        }
        scim().body(bulk("", ops.toString())).post("/Bulk").then().statusCode(413);
    }

    @Test
    @Tag("MUST")
    @DisplayName("RFC 7644 §3.7 MUST: PUT, PATCH and DELETE operations in a bulk request apply to existing resources")
    void otherMethods() {
        String userName = unique("bulk-methods");
        String id = createUser(userName);
        String other = createUser(unique("bulk-delete"));
        String ops = """
                {"method":"PUT","path":"/Users/%s","data":{"schemas":["%s"],"userName":"%s","displayName":"Put"}},
                {"method":"PATCH","path":"/Users/%s","data":{"schemas":["%s"],"Operations":[{"op":"replace","path":"title","value":"Patched"}]}},
                {"method":"DELETE","path":"/Users/%s"}""".formatted(id, USER, userName, id, PATCH_OP, other);
        Response r = scim().body(bulk("", ops)).post("/Bulk");
        r.then().statusCode(200);
        List<String> statuses = r.jsonPath().getList("Operations.status").stream().map(String::valueOf).toList();
        assertEquals("200", statuses.get(0));
        assertTrue(statuses.get(1).equals("200") || statuses.get(1).equals("204"), "PATCH status " + statuses.get(1));
        assertEquals("204", statuses.get(2));
        scim().get("/Users/" + id).then().body("displayName", equalTo("Put"));
        scim().get("/Users/" + other).then().statusCode(404);
    }
}
