package dev.tether.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Portal links through the admin API, and what a browser holding one may do at the HTTP level:
 * made and listed (never their URL again), refused past their lifetime or after revocation,
 * scoped to their one subscription, forms refused without their CSRF token, webhook URL edits
 * under the SSRF rule, every change audited with the link as actor.
 */
@QuarkusTest
class PortalLinksTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    static String subscription(String url) {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("url", url, "format", "standard-webhooks", "description", "Acme HR app"))
                .post("/admin/v1/subscriptions").then().statusCode(201).extract().path("id");
    }

    static JsonPath portalLink(String subscription, Object body) {
        var request = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        return request.post("/admin/v1/subscriptions/{id}/portal-links", subscription).then().statusCode(201)
                .extract().jsonPath();
    }

    /** A browser that opened a link: the cookie that binds the link to it. */
    record Browser(String linkId, String cookieName, String cookie) {
        io.restassured.specification.RequestSpecification given() {
            return io.restassured.RestAssured.given().redirects().follow(false).cookie(cookieName, cookie);
        }

        String page() {
            return given().get("/portal/" + linkId).then().statusCode(200).extract().asString();
        }

        String csrf() {
            Matcher m = CSRF.matcher(page());
            assertTrue(m.find(), "the page's forms carry a CSRF token");
            return m.group(1);
        }

        Response post(String path, Map<String, ?> form) {
            return given().contentType(ContentType.URLENC).formParams(form).post("/portal/" + linkId + path);
        }
    }

    static Browser open(JsonPath link) {
        String url = link.getString("url");
        String path = url.substring(url.indexOf("/link/"));
        Response opened = given().redirects().follow(false).get(path);
        opened.then().statusCode(200).body(containsString("/portal/" + link.getString("id")));
        String name = "tether-link-" + link.getString("id");
        String cookie = opened.getCookie(name);
        assertNotNull(cookie, "the link is bound to this browser by a cookie");
        return new Browser(link.getString("id"), name, cookie);
    }

    static List<Map<String, Object>> deliveries(String subscription) {
        return given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions/{id}/deliveries", subscription)
                .then().statusCode(200).extract().jsonPath().getList("");
    }

    static List<JsonNode> trail(String target) throws Exception {
        JsonNode page = JSON.readTree(given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                .get("/admin/v1/operator-trail?count=1000&target=" + target).then().statusCode(200).extract().asString());
        List<JsonNode> out = new ArrayList<>();
        page.get("records").forEach(line -> out.add(line.get("record")));
        return out;
    }

    @Test
    void portalLinksAreMadeListedAndRevokedByOperatorsOnly() throws Exception {
        String sub = subscription("http://127.0.0.1:9/hook");
        Response made = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("expiresIn", 3600)).post("/admin/v1/subscriptions/{id}/portal-links", sub);
        made.then().statusCode(201)
                .header("Location", containsString("/admin/v1/subscriptions/" + sub + "/portal-links/"))
                .body("subscriptionId", equalTo(sub))
                .body("status", equalTo("unused"))
                .body("url", containsString("/link/tl_"));
        String linkId = made.path("id");
        // the same lifetime written as an ISO-8601 duration, as setup links take it
        Response iso = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body("{\"expiresIn\": \"PT2H\"}")
                .post("/admin/v1/subscriptions/{id}/portal-links", subscription("http://127.0.0.1:9/iso"));
        iso.then().statusCode(201);
        assertEquals(Duration.ofHours(2), Duration.between(Instant.parse(iso.path("createdAt")),
                Instant.parse(iso.path("expiresAt"))));

        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions/{id}/portal-links", sub)
                .then().statusCode(200)
                .body("[0].id", equalTo(linkId))
                .body("[0].url", nullValue())
                .body("[0].status", equalTo("unused"));

        // bad input: a problem detail, and no link made
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(Map.of("expiresIn", 3600L * 24 * 365))
                .post("/admin/v1/subscriptions/{id}/portal-links", sub).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/expiresIn"));
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(Map.of("expiresIn", -5))
                .post("/admin/v1/subscriptions/{id}/portal-links", sub).then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body("{\"expiresIn\": \"soon\"}")
                .post("/admin/v1/subscriptions/{id}/portal-links", sub).then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .post("/admin/v1/subscriptions/{id}/portal-links", "00000000-0000-0000-0000-00000000abcd")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR)).contentType(ContentType.JSON)
                .post("/admin/v1/subscriptions/{id}/portal-links", sub).then().statusCode(403);
        assertEquals(1, given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/subscriptions/{id}/portal-links", sub).then().extract().jsonPath().getList("").size());

        Browser browser = open(made.jsonPath());
        browser.page();
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions/{id}/portal-links", sub)
                .then().body("[0].status", equalTo("in-use")).body("[0].firstUsedAt", not(nullValue()));

        given().auth().oauth2(AdminTokens.operator()).delete("/admin/v1/subscriptions/{id}/portal-links/{l}", sub, linkId)
                .then().statusCode(204);
        given().auth().oauth2(AdminTokens.operator()).delete("/admin/v1/subscriptions/{id}/portal-links/{l}",
                subscription("http://127.0.0.1:9/other"), linkId).then().statusCode(404);
        browser.given().get("/portal/" + linkId).then().statusCode(403).body(not(containsString("Acme HR app")));
        given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions/{id}/portal-links", sub)
                .then().body("[0].status", equalTo("revoked"));

        List<JsonNode> records = trail(linkId);
        assertEquals(List.of("link.create", "link.use", "link.revoke"),
                records.stream().map(r -> r.get("action").asText()).toList());
        assertEquals("portal", records.get(0).at("/details/kind").asText());
        assertEquals(sub, records.get(0).at("/details/objectId").asText());
        assertEquals("admin", records.get(0).at("/actor/type").asText());
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        String sub = subscription("http://127.0.0.1:9/hook");
        JsonPath link = portalLink(sub, Map.of("expiresIn", 1));
        Thread.sleep(1500);
        String url = link.getString("url");
        given().redirects().follow(false).get(url.substring(url.indexOf("/link/"))).then().statusCode(410)
                .body(not(containsString("Acme HR app"))).body(not(containsString(sub)));
        given().get("/portal/" + link.getString("id")).then().statusCode(403);
    }

    @Test
    void theOwnerChangesTheirEndpointWithTheLinkAsActor() throws Exception {
        String sub = subscription("http://127.0.0.1:9/hook");
        Browser browser = open(portalLink(sub, null));
        assertTrue(browser.page().contains("http://127.0.0.1:9/hook"));

        // without the CSRF token: 403, nothing sent
        browser.post("/test", Map.of()).then().statusCode(403);
        browser.post("/test", Map.of("csrf", "forged")).then().statusCode(403);
        assertEquals(0, deliveries(sub).size());

        String csrf = browser.csrf();
        browser.post("/test", Map.of("csrf", csrf)).then().statusCode(303)
                .header("Location", containsString("/portal/" + browser.linkId() + "?notice=test-sent"));
        assertEquals("tether.test", deliveries(sub).get(0).get("eventType"));

        // replay since a time typed in the page (read as UTC), and one that is no time
        browser.post("/replay", Map.of("csrf", csrf, "since", "2020-01-01T00:00")).then().statusCode(303)
                .header("Location", containsString("notice=replayed-since"));
        browser.post("/replay", Map.of("csrf", csrf, "since", "yesterday")).then().statusCode(400)
                .body(containsString("neither a feed cursor nor an RFC 3339 time"));
        browser.post("/status", Map.of("csrf", csrf, "status", "paused")).then().statusCode(303);
        assertEquals("paused", given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions/{id}", sub)
                .then().extract().path("status"));

        // the SSRF rule's shape checks apply to an edit; nothing changes
        String refused = browser.post("/endpoint", Map.of("csrf", csrf, "url", "http://user:pw@127.0.0.1:9/x",
                "everyType", "true")).then().statusCode(400).extract().asString();
        assertTrue(refused.contains("must name a host and no user info"), refused);
        browser.post("/endpoint", Map.of("csrf", csrf, "url", "ftp://127.0.0.1/x", "everyType", "true"))
                .then().statusCode(400);
        browser.post("/endpoint", Map.of("csrf", csrf, "url", "http://127.0.0.1:9/new")).then().statusCode(400)
                .body(containsString("Choose at least one event type"));
        assertEquals("http://127.0.0.1:9/hook", given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/subscriptions/{id}", sub).then().extract().path("url"));

        browser.given().contentType(ContentType.URLENC).formParam("csrf", csrf).formParam("url", "http://127.0.0.1:9/new")
                .formParam("eventTypes", "user.deactivated").formParam("eventTypes", "credential.revoked")
                .post("/portal/" + browser.linkId() + "/endpoint").then().statusCode(303);
        JsonPath now = given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions/{id}", sub)
                .then().extract().jsonPath();
        assertEquals("http://127.0.0.1:9/new", now.getString("url"));
        assertEquals(List.of("user.deactivated", "credential.revoked"), now.getList("eventTypes"));

        List<JsonNode> records = trail(sub).stream().filter(r -> !r.get("action").asText().equals("subscription.create"))
                .toList();
        assertEquals("2020-01-01T00:00Z", records.get(1).at("/details/since").asText());
        assertEquals(List.of("subscription.test", "subscription.replay", "subscription.update", "subscription.update"),
                records.stream().map(r -> r.get("action").asText()).toList());
        for (JsonNode r : records) {
            assertEquals("link", r.at("/actor/type").asText());
            assertEquals(browser.linkId(), r.at("/actor/id").asText());
            assertEquals("Subscription", r.at("/target/type").asText());
        }
    }

    @Test
    void aLinkOpensItsOwnSubscriptionOnly() throws Exception {
        String a = subscription("http://127.0.0.1:9/a");
        String b = subscription("http://127.0.0.1:9/b");
        given().auth().oauth2(AdminTokens.operator()).post("/admin/v1/subscriptions/{id}/test", b).then().statusCode(202);
        String bDelivery = (String) deliveries(b).get(0).get("id");
        Browser ofA = open(portalLink(a, null));
        Browser ofB = open(portalLink(b, null));

        String page = ofA.page();
        assertFalse(page.contains(bDelivery), "A's page lists none of B's deliveries");
        assertFalse(page.contains("http://127.0.0.1:9/b"));
        // A's cookie on B's page: refused, and it says nothing of B
        ofA.given().get("/portal/" + ofB.linkId()).then().statusCode(403).body(not(containsString("127.0.0.1:9/b")));
        // B's delivery through A's link: not found in A, and not replayed
        ofA.post("/deliveries/" + bDelivery + "/replay", Map.of("csrf", ofA.csrf())).then().statusCode(404);
        assertEquals(List.of("subscription.create", "subscription.test"),
                trail(b).stream().map(r -> r.get("action").asText()).toList(), "B's delivery was not replayed");
        // A's browser posting to B's page with A's valid token: it holds no B link, so nothing happens
        ofA.given().contentType(ContentType.URLENC).formParam("csrf", ofA.csrf())
                .post("/portal/" + ofB.linkId() + "/test").then().statusCode(403);
        assertEquals(1, deliveries(b).size());
        assertTrue(ofB.page().contains(bDelivery), "B's own page lists it");
    }
}
