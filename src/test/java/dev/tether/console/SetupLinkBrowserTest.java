package dev.tether.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.admin.AdminApi;
import dev.tether.platform.Cause;
import dev.tether.security.AdminRoles;
import dev.tether.security.LinkKind;
import dev.tether.security.TimeLimitedLinks;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A customer's IT admin with nothing but a setup link: opens it, picks Okta, issues the token,
 * and watches the page notice their IdP's first requests; and the ways a link is refused.
 */
@QuarkusTest
class SetupLinkBrowserTest {

    private static final String OKTA = "Okta SCIM Client 1.0.0";

    @TestHTTPResource("/")
    URL base;

    @Inject
    TimeLimitedLinks links;

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    private static JsonPath setupLink(String dir, Object body) {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/directories/{id}/setup-links", dir).then().statusCode(201).extract().jsonPath();
    }

    private static String progress(Browser browser, String state) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(20)).until(d -> state.equals(
                d.findElement(By.id("progress")).getAttribute("data-state")));
        return browser.textOf(By.cssSelector("#progress [data-progress=headline]"));
    }

    @Test
    void aSetupLinkUsedEndToEndSeesTheFirstUserArriveWhileThePageWaits() {
        String dir = AdminApi.createDirectory("Acme (setup link)");
        JsonPath link = setupLink(dir, "{}");
        String linkId = link.getString("id");
        try (Browser browser = new Browser()) {
            browser.open(link.getString("url"));
            browser.waitForPath("/setup/" + linkId);
            assertEquals("Connect Microsoft Entra ID to Tether", browser.heading());

            browser.find(By.linkText("Okta")).click();
            assertEquals("Connect Okta to Tether", browser.heading());
            assertTrue(browser.textOf(By.id("steps-heading")).contains("Okta"));
            String page = browser.textOf(By.tagName("main"));
            for (String field : List.of("SCIM connector base URL", "Unique identifier field for users",
                    "Authentication Mode: HTTP Header", "To App", "Push Groups")) {
                assertTrue(page.contains(field), field);
            }
            String baseUrl = browser.textOf(By.id("base-url"));
            assertTrue(baseUrl.endsWith("/scim/v2/" + dir), baseUrl);

            browser.find(By.xpath("//button[normalize-space()='Issue the token']")).click();
            String token = browser.textOf(By.id("token"));
            assertTrue(token.startsWith("tether_"), token);
            assertEquals("Connect Okta to Tether", browser.heading(), "the guide chosen stays chosen");
            progress(browser, "waiting");
            browser.screenshot("setup-link-waiting");

            // a form posted without its CSRF token issues nothing
            String linkCookie = browser.cookie("tether-link-" + linkId);
            given().cookie("tether-link-" + linkId, linkCookie).contentType(ContentType.URLENC).formParam("x", "y")
                    .post(url("/setup/" + linkId + "/token")).then().statusCode(403);
            assertEquals(1, given().auth().oauth2(AdminTokens.operator())
                    .get("/admin/v1/directories/{id}/tokens", dir).then().extract().jsonPath().getList("$").size());

            // the IT admin pastes the token wrongly: the page says so, and what to fix
            given().auth().oauth2("tether_pasted-wrong").header("User-Agent", OKTA).get(baseUrl + "/Users")
                    .then().statusCode(401);
            progress(browser, "error");
            assertTrue(browser.textOf(By.cssSelector("#progress [data-progress=fix]")).contains("token"));
            browser.screenshot("setup-link-wrong-token");

            // Okta's "Test Connector Configuration", then its first push, while the page waits
            given().auth().oauth2(token).header("User-Agent", OKTA).accept("application/scim+json")
                    .queryParam("filter", "userName eq \"ada@acme.example\"")
                    .get(baseUrl + "/Users").then().statusCode(200);
            assertTrue(progress(browser, "connected").startsWith("Connection tested"));
            given().auth().oauth2(token).header("User-Agent", OKTA).contentType("application/scim+json")
                    .body("""
                            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.example",
                             "name":{"givenName":"Ada","familyName":"Lovelace"},"active":true,
                             "emails":[{"value":"ada@acme.example","type":"work","primary":true}]}""")
                    .post(baseUrl + "/Users").then().statusCode(201);
            long pushed = System.nanoTime();
            assertTrue(progress(browser, "user-seen").contains("first user"));
            // how long the IT admin waits to see it: the once-a-second write plus the 2 s poll
            System.out.printf("setup page showed the first user %d ms after Okta's POST%n",
                    (System.nanoTime() - pushed) / 1_000_000);
            browser.screenshot("setup-link-first-user");
            browser.phone();
            browser.screenshot("setup-link-first-user-phone");
            browser.desktop();

            // the same link, reopened later in the same browser, shows the connection's health
            browser.open(link.getString("url"));
            browser.waitForPath("/setup/" + linkId);
            String health = browser.textOf(By.id("health"));
            assertTrue(health.contains("Users\n1") || health.contains("Users 1"), health);
            assertFalse(browser.textOf(By.tagName("main")).contains(token), "the token is shown once");

            // a second browser with the same link is refused, and so is its page
            try (Browser other = new Browser()) {
                other.open(link.getString("url"));
                assertEquals("This link cannot be used", other.heading());
                other.open(base.toString().replaceAll("/$", "") + "/setup/" + linkId);
                assertEquals("This link cannot be used", other.heading());
                assertFalse(other.textOf(By.tagName("body")).contains(dir));
            }
        }
        // the token issued on the page is audited with the link as actor
        List<Map<String, Object>> records = given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                .get("/admin/v1/directories/{id}/audit?count=1000", dir).then().statusCode(200)
                .extract().jsonPath().getList("records.record");
        assertTrue(records.stream().anyMatch(r -> "token.issue".equals(r.get("action"))
                && ("link:" + linkId).equals(actor(r))), records.toString());
        assertTrue(records.stream().anyMatch(r -> "link.use".equals(r.get("action"))), records.toString());
    }

    @SuppressWarnings("unchecked")
    private static String actor(Map<String, Object> record) {
        Object actor = record.get("actor");
        if (actor instanceof Map<?, ?> m) {
            return m.get("type") + ":" + m.get("id");
        }
        return record.get("actorType") + ":" + record.get("actorId");
    }

    @Test
    void anOperatorMakesASetupLinkInTheConsoleAndRevokesIt() {
        String dir = AdminApi.createDirectory("Globex (console setup link)");
        String signIn = url("/link/" + links.issue(LinkKind.SIGN_IN, null, Duration.ofMinutes(10), Cause.system()).token());
        try (Browser operator = new Browser(); Browser itAdmin = new Browser()) {
            operator.open(signIn);
            operator.waitForPath("/console/directories");
            operator.open(url("/console/directories/" + dir));
            operator.find(By.linkText("Setup links for the customer's IT admin")).click();
            new Select(operator.find(By.id("idp"))).selectByVisibleText("JumpCloud");
            new Select(operator.find(By.id("lifetime"))).selectByVisibleText("3 days");
            operator.find(By.xpath("//button[normalize-space()='Make setup link']")).click();
            String made = operator.textOf(By.id("made-url"));
            assertTrue(made.contains("/link/tl_"), made);
            operator.screenshot("setup-link-console");

            itAdmin.open(made);
            assertEquals("Connect JumpCloud to Tether", itAdmin.heading());
            String page = itAdmin.path();

            operator.open(url("/console/directories/" + dir + "/setup-links"));
            assertTrue(operator.textOf(By.id("setup-links")).contains("opened"));
            operator.find(By.xpath("//button[normalize-space()='Revoke']")).click();
            operator.driver().switchTo().alert().accept();
            new WebDriverWait(operator.driver(), Duration.ofSeconds(10)).until(d ->
                    d.findElement(By.id("setup-links")).getText().contains("revoked"));

            itAdmin.open(url(page));
            assertEquals("This link cannot be used", itAdmin.heading());
            String linkId = page.substring(page.lastIndexOf('/') + 1);
            given().cookie("tether-link-" + linkId, itAdmin.cookie("tether-link-" + linkId)).get(url(page))
                    .then().statusCode(410);
            given().get(url(page)).then().statusCode(410);
        }
        List<Map<String, Object>> records = given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                .get("/admin/v1/directories/{id}/audit?count=1000", dir).then().statusCode(200)
                .extract().jsonPath().getList("records.record");
        assertTrue(records.stream().anyMatch(r -> "link.create".equals(r.get("action")) && actor(r).startsWith("console:")),
                records.toString());
        assertTrue(records.stream().anyMatch(r -> "link.revoke".equals(r.get("action")) && actor(r).startsWith("console:")),
                records.toString());
    }

    @Test
    void anExpiredLinkIsRefused() throws InterruptedException {
        String dir = AdminApi.createDirectory("setup-link-expired");
        JsonPath link = setupLink(dir, Map.of("expiresIn", 1));
        Thread.sleep(1500);
        try (Browser browser = new Browser()) {
            browser.open(link.getString("url"));
            assertEquals("This link cannot be used", browser.heading());
            assertFalse(browser.textOf(By.tagName("body")).contains(dir));
        }
    }

    @Test
    void aLinkOfOneDirectoryCannotSeeAnother() {
        String a = AdminApi.createDirectory("setup-link-a");
        String b = AdminApi.createDirectory("setup-link-b");
        JsonPath linkA = setupLink(a, "{}");
        String linkB = setupLink(b, "{}").getString("id");
        try (Browser browser = new Browser()) {
            browser.open(linkA.getString("url"));
            browser.waitForPath("/setup/" + linkA.getString("id"));
            assertTrue(browser.textOf(By.id("base-url")).endsWith("/scim/v2/" + a));
            String bPage = base.toString().replaceAll("/$", "") + "/setup/" + linkB;
            browser.open(bPage);
            assertEquals("This link cannot be used", browser.heading());
            assertFalse(browser.textOf(By.tagName("body")).contains(b));
            browser.open(bPage + "/status");
            assertTrue(browser.textOf(By.tagName("body")).contains("refused"));
        }
    }
}
