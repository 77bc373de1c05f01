package dev.tether.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.DirectoryRows;
import dev.tether.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admin bodies PostgreSQL cannot hold, and JSON that is not one well-formed UTF-8 document, are
 * refused with a 400 problem detail before the database is asked, and change no row.
 */
@QuarkusTest
class AdminBadInputTest {

    static LineageApi api;
    static String userId;
    static String agentId;
    static String delegationId;

    @BeforeEach
    void lineage() {
        if (api == null) {
            api = LineageApi.create("admin-bad-input");
            userId = api.user("admin.bad.input");
            agentId = api.agent("bad-input-agent", userId);
            delegationId = api.delegateFromUser(userId, agentId, List.of("read"));
        }
    }

    static RequestSpecification operator() {
        return given().auth().oauth2(AdminTokens.operator()).contentType("application/json");
    }

    static long directories() {
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM directories")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 400 problem with a request id; nothing in the directory or the directory list changed. */
    static Response refused(Supplier<Response> request) {
        Map<String, Long> before = DirectoryRows.count(api.dir().id());
        long directoriesBefore = directories();
        Response r = request.get();
        r.then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .header("X-Request-Id", notNullValue())
                .body("status", is(400)).body("title", equalTo("Bad Request"));
        assertEquals(before, DirectoryRows.count(api.dir().id()), "rows changed by a refused request");
        assertEquals(directoriesBefore, directories());
        return r;
    }

    String credential(String externalIdJson, String audienceJson) {
        return "{\"agentId\":\"" + agentId + "\",\"delegationId\":\"" + delegationId + "\",\"kind\":\"api_key\","
                + "\"externalId\":" + externalIdJson + ",\"audience\":" + audienceJson + "}";
    }

    @Test
    void nulCharactersAndLoneSurrogatesAreRefused() {
        refused(() -> operator().body("{\"name\":\"nul\\u0000dir\"}").post("/admin/v1/directories"))
                .then().body("errors[0].pointer", equalTo("/name"));
        refused(() -> operator().body("{\"name\":\"half\\ud800\"}").post("/admin/v1/directories"));
        refused(() -> operator().body(credential("\"key\\u0000\"", "\"https://api.example.com\""))
                .post(api.admin("/credentials"))).then().body("errors[0].pointer", equalTo("/externalId"));
        refused(() -> operator().body(credential("\"key-1\"", "\"\\udfff\"")).post(api.admin("/credentials")));
        refused(() -> operator().body("{\"delegator\":{\"type\":\"User\",\"id\":\"" + userId + "\"},\"agentId\":\""
                + agentId + "\",\"scopes\":[\"re\\u0000ad\"]}").post(api.admin("/delegations")))
                .then().body("errors[0].pointer", equalTo("/scopes/0"));
        refused(() -> operator().body("{\"description\":\"tok\\u0000en\"}")
                .post("/admin/v1/directories/" + api.dir().id() + "/tokens"));
    }

    @Test
    void timesOutsideWhatTheDatabaseHoldsAreRefused() {
        for (String time : new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"}) {
            refused(() -> operator().body("{\"delegator\":{\"type\":\"User\",\"id\":\"" + userId + "\"},\"agentId\":\""
                    + agentId + "\",\"scopes\":[\"read\"],\"expiresAt\":\"" + time + "\"}").post(api.admin("/delegations")))
                    .then().body("errors[0].pointer", equalTo("/expiresAt"));
        }
        refused(() -> operator().body("{\"agentId\":\"" + agentId + "\",\"delegationId\":\"" + delegationId
                + "\",\"kind\":\"api_key\",\"externalId\":\"far\",\"audience\":\"a\",\"expiresAt\":\"+999999999-12-31T23:59:59Z\"}")
                .post(api.admin("/credentials")));
    }

    @Test
    void stringsLongerThanAnIndexCanHoldAreRefused() {
        refused(() -> operator().body(credential("\"" + "k".repeat(9000) + "\"", "\"https://api.example.com\""))
                .post(api.admin("/credentials"))).then().body("errors[0].pointer", equalTo("/externalId"));
        refused(() -> operator().body(credential("\"k\"", "\"" + "a".repeat(9000) + "\""))
                .post(api.admin("/credentials")));
        refused(() -> operator().body("{\"name\":\"" + "n".repeat(9000) + "\"}").post("/admin/v1/directories"));
    }

    @Test
    void jsonIsParsedStrictly() {
        refused(() -> operator().body("{\"name\":\"trailing\"} x").post("/admin/v1/directories"));
        refused(() -> operator().body("{\"name\":\"one\"}{\"name\":\"two\"}").post("/admin/v1/directories"));
        refused(() -> operator().body("{\"name\":\"dup.a\",\"name\":\"dup.b\"}").post("/admin/v1/directories"));
        refused(() -> operator().body(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'})
                .post("/admin/v1/directories"));
        refused(() -> operator().body(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xFF, '"', '}'})
                .post("/admin/v1/directories"));
        refused(() -> operator().body("{\"name\":\"utf16\"}".getBytes(StandardCharsets.UTF_16BE))
                .post("/admin/v1/directories"));
        refused(() -> operator().body("{\"name\":\"utf16\"}".getBytes(StandardCharsets.UTF_16))
                .post("/admin/v1/directories"));
        refused(() -> given().auth().oauth2(AdminTokens.operator()).contentType("application/json; charset=utf-16")
                .body("{\"name\":\"utf16\"}".getBytes(StandardCharsets.UTF_16)).post("/admin/v1/directories"));
    }

    @Test
    void aBodyOfAnotherMediaTypeIsUnsupported() {
        long before = directories();
        given().auth().oauth2(AdminTokens.operator()).contentType("text/plain").body("{\"name\":\"plain\"}")
                .post("/admin/v1/directories")
                .then().statusCode(415).contentType(Problem.MEDIA_TYPE).header("X-Request-Id", notNullValue());
        assertEquals(before, directories());
    }
}
