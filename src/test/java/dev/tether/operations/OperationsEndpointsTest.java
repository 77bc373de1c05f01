package dev.tether.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What an operator scrapes and probes: health, metrics, OpenAPI, request ids. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void healthProbesAreUpAndReadinessChecksTheDatabaseAndSchema() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("database schema"))
                .body("checks.name", hasItem(containsString("Database connections health check")));
    }

    @Test
    void aScimRequestMovesItsCounter() {
        ScimDirectory directory = ScimDirectory.create("metrics");
        String series = "tether_scim_requests_total{directory=\"" + directory.id()
                + "\",method=\"POST\",resource=\"Users\",status=\"201\"}";
        double before = sample(series);
        directory.scim().body(Map.of("schemas", new String[] {"urn:ietf:params:scim:schemas:core:2.0:User"},
                        "userName", "metered@example.com"))
                .post(directory.path("/Users")).then().statusCode(201);
        assertEquals(before + 1, sample(series));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tether_scim_requests_duration_seconds_count{directory=\"" + directory.id()));
    }

    @Test
    void refusedScimRequestsAreCountedAsUnauthenticated() {
        String series = "tether_scim_requests_total{directory=\"unauthenticated\",method=\"GET\",resource=\"Users\",status=\"401\"}";
        double before = sample(series);
        given().auth().oauth2("tether_not-a-token").get("/scim/v2/00000000-0000-0000-0000-000000000000/Users")
                .then().statusCode(401);
        assertEquals(before + 1, sample(series));
    }

    @Test
    void everyResponseCarriesARequestIdAndKeepsASafeOne() {
        given().get("/admin/v1/directories").then().statusCode(401).header(RequestLogContext.REQUEST_ID_HEADER,
                matchesPattern("[0-9a-f-]{36}"));
        given().header(RequestLogContext.REQUEST_ID_HEADER, "lb-1234.abc")
                .get("/scim/v2").then().statusCode(401).header(RequestLogContext.REQUEST_ID_HEADER, "lb-1234.abc");
        given().header(RequestLogContext.REQUEST_ID_HEADER, "bad id\nforged")
                .get("/scim/v2").then().header(RequestLogContext.REQUEST_ID_HEADER, matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void openApiDescribesTheAdminApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Tether"))
                .body("paths.keySet()", hasItem("/admin/v1/directories"));
    }

    private static double sample(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
