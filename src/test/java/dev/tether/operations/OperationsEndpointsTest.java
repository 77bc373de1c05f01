package dev.tether.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.testing.Management;
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
        given().get(Management.at("/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(Management.at("/q/health/started")).then().statusCode(200).body("status", equalTo("UP"));
        given().get(Management.at("/q/health/ready")).then().statusCode(200).body("status", equalTo("UP"))
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
        given().get(Management.at("/q/metrics")).then().statusCode(200)
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
        given().accept("application/json").get(Management.at("/q/openapi")).then().statusCode(200)
                .body("info.title", equalTo("Tether"))
                .body("paths.keySet()", hasItem("/admin/v1/directories"));
    }

    /**
     * The public port (IdPs, the ingress) serves none of it: metrics carry directory and
     * subscription ids, and the OpenAPI document and Swagger UI map the whole API.
     */
    @Test
    void healthMetricsAndOpenApiAreNotOnThePublicPort() {
        for (String path : new String[] {"/q/metrics", "/q/openapi", "/q/swagger-ui", "/q/health", "/q/health/ready",
                "/q/dev-ui"}) {
            given().get(path).then().statusCode(404);
        }
        ScimDirectory directory = ScimDirectory.create("no-public-metrics");
        directory.scim().get(directory.path("/Users")).then().statusCode(200);
        org.junit.jupiter.api.Assertions.assertTrue(Management.metrics().contains(directory.id()),
                "the directory's series are on the management port");
    }

    private static double sample(String series) {
        String metrics = given().get(Management.at("/q/metrics")).then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
