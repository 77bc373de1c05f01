package dev.tether.scim.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.testing.DirectoryRows;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Input PostgreSQL cannot hold (NUL, lone surrogates, timestamps outside its range, strings
 * longer than an index entry) and JSON that is not one well-formed UTF-8 document are refused
 * with a SCIM 400 before the database is asked, and leave every row as it was.
 */
@QuarkusTest
class ScimBadInputTest {

    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    static ScimDirectory dir;
    static String userId;

    @BeforeEach
    void directory() {
        if (dir == null) {
            dir = ScimDirectory.create("bad-input");
            userId = dir.scim().body(user("\"kept\"")).post(dir.path("/Users"))
                    .then().statusCode(201).extract().path("id");
        }
    }

    static String user(String userNameJson) {
        return "{\"schemas\":[\"" + USER + "\"],\"userName\":" + userNameJson + "}";
    }

    static String patch(String valueJson) {
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":"
                + valueJson + "}]}";
    }

    /** The request is refused with a SCIM 400 of this scimType, with a request id, and no row changes. */
    static Response refused(String scimType, Supplier<Response> request) {
        Map<String, Long> before = DirectoryRows.count(dir.id());
        Response r = request.get();
        r.then().statusCode(400)
                .contentType(startsWith("application/scim+json"))
                .header("X-Request-Id", notNullValue())
                .body("schemas", hasItem("urn:ietf:params:scim:api:messages:2.0:Error"))
                .body("status", equalTo("400"))
                .body("scimType", equalTo(scimType));
        assertEquals(before, DirectoryRows.count(dir.id()), "rows changed by a refused request");
        return r;
    }

    static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    @Test
    void nulCharactersAreInvalidValuesEverywhereInABody() {
        refused("invalidValue", () -> dir.scim().body(user("\"nul\\u0000name\"")).post(dir.path("/Users")));
        refused("invalidValue", () -> dir.scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"n1\","
                + "\"name\":{\"givenName\":\"a\\u0000\"}}").post(dir.path("/Users")));
        refused("invalidValue", () -> dir.scim().body(patch("\"x\\u0000y\"")).patch(dir.path("/Users/" + userId)));
        refused("invalidValue", () -> dir.scim().body(user("\"put\\u0000\"")).put(dir.path("/Users/" + userId)));
        refused("invalidValue", () -> dir.scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"g\\u0000\"}").post(dir.path("/Groups")));
    }

    @Test
    void aNulCharacterInABulkOperationFailsThatOperationWithA400() {
        Map<String, Long> before = DirectoryRows.count(dir.id());
        dir.scim().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":["
                        + "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"a\",\"data\":" + user("\"bulk\\u0000\"") + "},"
                        + "{\"method\":\"PATCH\",\"path\":\"/Users/" + userId + "\",\"data\":" + patch("\"\\u0000\"") + "}]}")
                .post(dir.path("/Bulk"))
                .then().statusCode(200)
                .body("Operations[0].status", equalTo("400"))
                .body("Operations[0].response.scimType", equalTo("invalidValue"))
                .body("Operations[1].status", equalTo("400"))
                .body("Operations[1].response.scimType", equalTo("invalidValue"));
        assertEquals(before, DirectoryRows.count(dir.id()));
    }

    @Test
    void nulCharactersInFiltersAreInvalidFilters() {
        refused("invalidFilter", () -> dir.scim().queryParam("filter", "userName eq \"a\u0000b\"").get(dir.path("/Users")));
        refused("invalidFilter", () -> dir.scim().body("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                + "\"filter\":\"displayName co \\\"\\u0000\\\"\"}").post(dir.path("/Users/.search")));
        refused("invalidFilter", () -> dir.scim().queryParam("filter", "emails[value eq \"\u0000\"]").get(dir.path("/Users")));
    }

    @Test
    void aFilterLongerThanTheLimitInAQueryIsAnInvalidFilterEvenPercentEncoded() {
        // 4 100 characters, each two UTF-8 bytes percent-encoded on the wire: a request line of about 25 KB
        String filter = "displayName eq \"" + "\u00e9".repeat(4100) + "\"";
        refused("invalidFilter", () -> dir.scim().queryParam("filter", filter).get(dir.path("/Users")))
                .then().body("detail", containsString("4096"));
    }

    @Test
    void loneSurrogatesAreRefused() {
        refused("invalidValue", () -> dir.scim().body(user("\"half\\ud800\"")).post(dir.path("/Users")));
        refused("invalidValue", () -> dir.scim().body(user("\"\\udc00half\"")).post(dir.path("/Users")));
        refused("invalidValue", () -> dir.scim().body(patch("\"\\udbff\"")).patch(dir.path("/Users/" + userId)));
        refused("invalidFilter", () -> dir.scim().body("{\"filter\":\"userName eq \\\"\\ud800\\\"\"}")
                .post(dir.path("/Users/.search")));
    }

    @Test
    void timestampsOutsideWhatTheDatabaseHoldsAreInvalidFilters() {
        refused("invalidFilter", () -> dir.scim().queryParam("filter", "meta.lastModified gt \"+999999999-12-31T23:59:59Z\"")
                .get(dir.path("/Users")));
        refused("invalidFilter", () -> dir.scim().queryParam("filter", "meta.created lt \"-999999999-01-01T00:00:00Z\"")
                .get(dir.path("/Users")));
        refused("invalidFilter", () -> dir.scim().queryParam("filter", "meta.created lt \"0000-01-01T00:00:00Z\"")
                .get(dir.path("/Users")));
    }

    @Test
    void stringsLongerThanAnIndexCanHoldAreInvalidValues() {
        refused("invalidValue", () -> dir.scim().body(user("\"" + repeat('u', 2700) + "\"")).post(dir.path("/Users")));
        refused("invalidValue", () -> dir.scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"long.display\","
                + "\"displayName\":\"" + repeat('d', 9000) + "\"}").post(dir.path("/Users")));
        refused("invalidValue", () -> dir.scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"long.ext\","
                + "\"externalId\":\"" + repeat('e', 9000) + "\"}").post(dir.path("/Users")));
        // four bytes a character: short in characters, long in bytes
        refused("invalidValue", () -> dir.scim().body(user("\"" + "\uD83D\uDE00".repeat(700) + "\"").getBytes(StandardCharsets.UTF_8))
                .post(dir.path("/Users")));
        refused("invalidValue", () -> dir.scim().body(patch("\"" + repeat('p', 9000) + "\""))
                .patch(dir.path("/Users/" + userId)));
        refused("invalidValue", () -> dir.scim().body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"" + repeat('g', 9000) + "\"}").post(dir.path("/Groups")));
    }

    @Test
    void theStringLimitIsAdvertised() {
        dir.scim().get(dir.path("/ServiceProviderConfig")).then().statusCode(200)
                .body("schemas", hasItem(DiscoveryEndpoints.LIMITS_URN))
                .body("'" + DiscoveryEndpoints.LIMITS_URN + "'.maxStringLength", equalTo(1024))
                .body("'" + DiscoveryEndpoints.LIMITS_URN + "'.maxIndexedValueBytes", equalTo(2000))
                .body("'" + DiscoveryEndpoints.LIMITS_URN + "'.filterMaxLength", equalTo(4096))
                .body("'" + DiscoveryEndpoints.LIMITS_URN + "'.filterMaxDepth", equalTo(32));
    }

    @Test
    void countsAndIndexesBeyondALongAreInvalidValues() {
        refused("invalidValue", () -> dir.scim().queryParam("count", "99999999999999999999999").get(dir.path("/Users")));
        refused("invalidValue", () -> dir.scim().queryParam("startIndex", "99999999999999999999999").get(dir.path("/Users")));
        refused("invalidValue", () -> dir.scim().body("{\"count\":99999999999999999999999}").post(dir.path("/Users/.search")));
        refused("invalidValue", () -> dir.scim().body("{\"startIndex\":9223372036854775808}").post(dir.path("/Users/.search")));
        refused("invalidValue", () -> dir.scim().body("{\"count\":1e400}").post(dir.path("/Users/.search")));
    }

    @Test
    void jsonIsParsedStrictly() {
        refused("invalidSyntax", () -> dir.scim().body(user("\"trailing\"") + " x").post(dir.path("/Users")));
        refused("invalidSyntax", () -> dir.scim().body(user("\"two.a\"") + user("\"two.b\"")).post(dir.path("/Users")));
        refused("invalidSyntax", () -> dir.scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"dup.a\","
                + "\"userName\":\"dup.b\"}").post(dir.path("/Users")));
        refused("invalidSyntax", () -> dir.scim().body(patch("\"ok\"") + "]").patch(dir.path("/Users/" + userId)));
    }

    @Test
    void bodiesThatAreNotUtf8JsonAreRefused() {
        byte[] overlong = bytes(user("\"over\u0001long\""), (byte) 0x01, new byte[] {(byte) 0xC0, (byte) 0xAF});
        refused("invalidSyntax", () -> dir.scim().body(overlong).post(dir.path("/Users")));
        byte[] invalid = bytes(user("\"bad\u0001byte\""), (byte) 0x01, new byte[] {(byte) 0xFF});
        refused("invalidSyntax", () -> dir.scim().body(invalid).post(dir.path("/Users")));
        byte[] surrogateEncoded = bytes(user("\"cesu\u0001\""), (byte) 0x01,
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        refused("invalidSyntax", () -> dir.scim().body(surrogateEncoded).post(dir.path("/Users")));
        refused("invalidSyntax", () -> dir.scim().body(user("\"utf16\"").getBytes(StandardCharsets.UTF_16BE))
                .post(dir.path("/Users")));
        refused("invalidSyntax", () -> dir.scim().body(user("\"utf16bom\"").getBytes(StandardCharsets.UTF_16))
                .post(dir.path("/Users")));
        // a charset parameter means nothing for JSON (RFC 8259 §11): UTF-16 is refused as it is read
        refused("invalidSyntax", () -> given().auth().oauth2(dir.token())
                .contentType("application/scim+json; charset=utf-16").body(user("\"charset\"").getBytes(StandardCharsets.UTF_16))
                .post(dir.path("/Users")));
    }

    /** RFC 7644 §3.1: SCIM bodies are application/scim+json (or application/json); nothing else is read. */
    @Test
    void bodiesOfAnotherMediaTypeOrCharsetAreUnsupported() {
        for (RequestSpecification r : new RequestSpecification[] {
                given().auth().oauth2(dir.token()).contentType("text/plain").body(user("\"plain\"")),
                given().auth().oauth2(dir.token()).contentType("application/x-www-form-urlencoded; charset=utf-8")
                        .body(user("\"form\""))}) {
            Map<String, Long> before = DirectoryRows.count(dir.id());
            r.post(dir.path("/Users")).then().statusCode(415)
                    .contentType(startsWith("application/scim+json"))
                    .header("X-Request-Id", notNullValue())
                    .body("status", equalTo("415"));
            assertEquals(before, DirectoryRows.count(dir.id()));
        }
    }

    @Test
    void aBodyInUtf8WithAScimOrJsonTypeIsStillAccepted() {
        RequestSpecification json = given().auth().oauth2(dir.token()).contentType("application/json; charset=UTF-8");
        json.body(user("\"plain.json\"")).post(dir.path("/Users")).then().statusCode(201);
        dir.scim().body(user("\"caf\u00e9.\uD83D\uDE00\"").getBytes(StandardCharsets.UTF_8)).post(dir.path("/Users"))
                .then().statusCode(201).body("userName", equalTo("caf\u00e9.\uD83D\uDE00"));
        dir.scim().body("{\"schemas\":[\"" + USER + "\"],\"userName\":\"just.right\",\"displayName\":\""
                + repeat('d', 1024) + "\"}").post(dir.path("/Users")).then().statusCode(201);
    }

    @Test
    void anUnknownEndpointStillAnswersInScimFormatWithARequestId() {
        dir.scim().get(dir.path("/Nope")).then().statusCode(404)
                .contentType(startsWith("application/scim+json"))
                .header("X-Request-Id", notNullValue())
                .body("status", equalTo("404"))
                .body("detail", not(startsWith("java.")));
    }

    /** The text with the marker byte replaced by raw bytes that no UTF-8 decoder may accept. */
    static byte[] bytes(String text, byte marker, byte[] raw) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte b : utf8) {
            if (b == marker) {
                out.writeBytes(raw);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
