package dev.tether.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.platform.Cause;
import dev.tether.security.AdminRoles;
import dev.tether.security.ConsoleSessions;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's Events pages for a signed-in operator and auditor: the subscriptions with their
 * status, one subscription's deliveries and actions (the portal's own panel), portal links made
 * and revoked there, each change audited with the person as actor; an auditor sees the same and
 * changes nothing.
 */
@QuarkusTest
class EventPagesTest {

    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    ConsoleSessions sessions;

    RequestSpecification as(String subject, String role) {
        String secret = sessions.start(subject, subject, List.of(role), ConsoleSessions.SignedInBy.LINK, Cause.system())
                .secret();
        return given().redirects().follow(false).cookie("tether-session", secret);
    }

    static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertTrue(m.find(), "the page's forms carry a CSRF token");
        return m.group(1);
    }

    static String subscription() {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/console-events", "format", "standard-webhooks",
                        "description", "Payroll sync"))
                .post("/admin/v1/subscriptions").then().statusCode(201).extract().path("id");
    }

    @Test
    void anOperatorRunsTheSubscriptionFromItsPage() {
        String sub = subscription();
        RequestSpecification operator = as("ops@example.com", AdminRoles.OPERATOR);
        operator.get("/console/events").then().statusCode(200).body(containsString("/console/events/" + sub))
                .body(containsString("Payroll sync"));
        String page = operator.get("/console/events/" + sub).then().statusCode(200)
                .body(containsString("Send a test event")).body(containsString("Create a portal link"))
                .extract().asString();
        String csrf = csrf(page);

        operator.contentType(ContentType.URLENC).formParam("csrf", csrf).post("/console/events/" + sub + "/test")
                .then().statusCode(303);
        String delivery = given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/subscriptions/{id}/deliveries", sub).then().extract().path("[0].id");
        operator.get("/console/events/" + sub).then().body(containsString("delivery-" + delivery))
                .body(containsString("tether.test"));

        String made = operator.contentType(ContentType.URLENC).formParam("csrf", csrf).formParam("expiresIn", "3600")
                .post("/console/events/" + sub + "/portal-links").then().statusCode(201)
                .body(containsString("/link/tl_")).extract().asString();
        assertTrue(made.contains("new-portal-link"));
        String linkId = given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/subscriptions/{id}/portal-links", sub).then().extract().path("[0].id");
        operator.contentType(ContentType.URLENC).formParam("csrf", csrf)
                .post("/console/events/" + sub + "/portal-links/" + linkId + "/revoke").then().statusCode(303);
        assertEquals("revoked", given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/subscriptions/{id}/portal-links", sub).then().extract().path("[0].status"));

        // the person is the actor of what they did
        String records = given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                .get("/admin/v1/operator-trail?count=1000&target=" + sub).then().statusCode(200).extract().asString();
        assertTrue(records.contains("\"subscription.test\""), records);
        assertTrue(records.contains("ops@example.com"), records);
    }

    @Test
    void anAuditorSeesButCannotChange() {
        String sub = subscription();
        RequestSpecification auditor = as("audit@example.com", AdminRoles.AUDITOR);
        String page = auditor.get("/console/events/" + sub).then().statusCode(200)
                .body(containsString("Deliveries")).body(containsString("Verify what you receive"))
                .body(not(containsString("Send a test event"))).body(not(containsString("Create a portal link")))
                .extract().asString();
        auditor.contentType(ContentType.URLENC).formParam("csrf", csrf(page)).post("/console/events/" + sub + "/test")
                .then().statusCode(403);
        assertEquals(0, given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/subscriptions/{id}/deliveries", sub).then().extract().jsonPath().getList("").size());
    }
}
