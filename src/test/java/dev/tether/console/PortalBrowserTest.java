package dev.tether.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.events.StandardWebhooksVerifier;
import dev.tether.events.WebhookReceiver;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.Browser;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The subscriber portal in a real browser, as an app's owner with nothing but a portal link:
 * a delivery their endpoint refused, seen with its response and replayed until it arrives; a test
 * event; a secret rotation shown once; and what is refused: an expired link, another
 * subscription's page, a form without its CSRF token. Screenshots for docs/subscriber-portal.md.
 */
@QuarkusTest
class PortalBrowserTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL base;

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    static Map<String, Object> subscription(String url, String directory) {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("url", url, "format", "standard-webhooks", "directoryIds", List.of(directory),
                        "description", "Acme HR app"))
                .post("/admin/v1/subscriptions").then().statusCode(201).extract().jsonPath().getMap("");
    }

    static Map<String, Object> portalLink(Object subscription, Map<String, ?> body) {
        return given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON).body(body)
                .post("/admin/v1/subscriptions/{id}/portal-links", subscription).then().statusCode(201)
                .extract().jsonPath().getMap("");
    }

    static List<Map<String, Object>> deliveries(Object subscription) {
        return given().auth().oauth2(AdminTokens.operator()).get("/admin/v1/subscriptions/{id}/deliveries", subscription)
                .then().statusCode(200).extract().jsonPath().getList("");
    }

    /** The link as the owner got it, pointed at the test server (the URL is absolute to the server's own base). */
    String linkPath(Map<String, Object> link) {
        String url = (String) link.get("url");
        return url(url.substring(url.indexOf("/link/")));
    }

    static WebElement row(Browser browser, String eventId) {
        return browser.find(By.cssSelector("tr[data-event-id='" + eventId + "']"));
    }

    static void waitUntil(Browser browser, java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> done) {
        new WebDriverWait(browser.driver(), WAIT).until(d -> {
            if (done.apply(d)) {
                return true;
            }
            d.navigate().refresh();
            return false;
        });
    }

    /** Screenshots show the viewport: bring the delivery log into it. */
    static void showDeliveries(Browser browser) {
        ((JavascriptExecutor) browser.driver()).executeScript("document.getElementById('deliveries').scrollIntoView();");
    }

    @Test
    void theOwnerSeesARefusedDeliveryAndReplaysIt() {
        ScimDirectory dir = ScimDirectory.create("portal-replay");
        AtomicBoolean ready = new AtomicBoolean(false);
        try (WebhookReceiver receiver = WebhookReceiver.started(); Browser browser = new Browser()) {
            receiver.respond(r -> ready.get() ? WebhookReceiver.Reply.of(204)
                    : new WebhookReceiver.Reply(503, Map.of(), "{\"error\":\"maintenance until 10:00\"}"));
            Map<String, Object> sub = subscription(receiver.url(), dir.id());
            dir.scim().body("""
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"portal.ada","active":true}""")
                    .post(dir.path("/Users")).then().statusCode(201);
            WebhookReceiver.await(WAIT, "the delivery to die after its retries",
                    () -> deliveries(sub.get("id")).stream().anyMatch(d -> "dead".equals(d.get("status"))));
            Map<String, Object> dead = deliveries(sub.get("id")).get(0);
            String eventId = (String) dead.get("eventId");
            int refusals = receiver.received().size();
            assertTrue(refusals > 1, "retried before it died");

            Map<String, Object> link = portalLink(sub.get("id"), Map.of());
            browser.open(linkPath(link));
            browser.waitForPath("/portal/" + link.get("id"));
            assertEquals("Acme HR app", browser.heading());
            assertFalse(browser.driver().getCurrentUrl().contains("tl_"), "the address holds no token");
            WebElement failed = row(browser, eventId);
            assertTrue(failed.getText().contains("dead"), failed.getText());
            assertTrue(failed.getText().contains("HTTP 503"), failed.getText());
            assertTrue(failed.getText().contains("maintenance until 10:00"), failed.getText());
            assertTrue(failed.getText().contains("user.created"), failed.getText());
            showDeliveries(browser);
            browser.screenshot("portal-failed-delivery");

            ready.set(true);
            failed.findElement(By.cssSelector("button")).click();
            assertTrue(browser.textOf(By.cssSelector(".notice")).contains("queued again"));
            WebhookReceiver.await(WAIT, "the replay", () -> receiver.received().size() > refusals);
            WebhookReceiver.Received replayed = receiver.received().get(refusals);
            assertEquals(eventId, replayed.header("webhook-id"), "a replay keeps the event's id");
            waitUntil(browser, d -> row(browser, eventId).getText().contains("succeeded"));
            assertTrue(row(browser, eventId).getText().contains("delivered"));

            assertTrue(row(browser, eventId).getText().matches("(?s).*in \\d+ ms.*"), "the attempt's latency");
            showDeliveries(browser);
            browser.screenshot("portal-1280");
            browser.phone();
            browser.driver().navigate().refresh();
            browser.screenshot("portal-390");
            long overflow = (Long) ((JavascriptExecutor) browser.driver()).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertEquals(0L, overflow, "nothing wider than a phone's screen (tables scroll in their own box)");
            browser.desktop();
        }
    }

    @Test
    void theOwnerSendsATestEventAndRotatesTheSecretShownOnce() {
        ScimDirectory dir = ScimDirectory.create("portal-test-rotate");
        try (WebhookReceiver receiver = WebhookReceiver.started(); Browser browser = new Browser()) {
            Map<String, Object> sub = subscription(receiver.url(), dir.id());
            String oldSecret = (String) sub.get("secret");
            Map<String, Object> link = portalLink(sub.get("id"), Map.of("expiresIn", 3600));
            browser.open(linkPath(link));
            browser.waitForPath("/portal/" + link.get("id"));

            browser.find(By.xpath("//button[normalize-space()='Send a test event']")).click();
            assertTrue(browser.textOf(By.cssSelector(".notice")).contains("test event"));
            WebhookReceiver.await(WAIT, "the test event", () -> !receiver.received().isEmpty());
            WebhookReceiver.Received test = receiver.received().get(0);
            assertTrue(test.body().contains("\"tether.test\""), test.body());
            assertTrue(StandardWebhooksVerifier.verifies(test, oldSecret));
            waitUntil(browser, d -> row(browser, test.header("webhook-id")).getText().contains("succeeded"));

            browser.find(By.xpath("//button[normalize-space()='Rotate the signing secret']")).click();
            browser.driver().switchTo().alert().accept(); // the page asks first
            String newSecret = browser.textOf(By.id("new-secret"));
            assertTrue(newSecret.startsWith("whsec_"), newSecret);
            assertNotEquals(oldSecret, newSecret);
            browser.screenshot("portal-secret-rotated");
            browser.open(url("/portal/" + link.get("id")));
            assertTrue(browser.driver().findElements(By.id("new-secret")).isEmpty(), "shown once");
            assertFalse(browser.driver().getPageSource().contains(newSecret));

            // both secrets sign during the overlap
            browser.find(By.xpath("//button[normalize-space()='Send a test event']")).click();
            WebhookReceiver.await(WAIT, "a second test event", () -> receiver.received().size() >= 2);
            WebhookReceiver.Received after = receiver.received().get(1);
            assertTrue(StandardWebhooksVerifier.verifies(after, newSecret));
            assertTrue(StandardWebhooksVerifier.verifies(after, oldSecret));
        }
    }

    @Test
    void refusedLinksPagesAndForms() throws Exception {
        ScimDirectory dir = ScimDirectory.create("portal-refusals");
        Map<String, Object> a = subscription("http://127.0.0.1:9/a", dir.id());
        Map<String, Object> b = subscription("http://127.0.0.1:9/b", dir.id());
        Map<String, Object> expiring = portalLink(a.get("id"), Map.of("expiresIn", 1));
        Map<String, Object> ofA = portalLink(a.get("id"), Map.of());
        Map<String, Object> ofB = portalLink(b.get("id"), Map.of());
        try (Browser browser = new Browser(); Browser other = new Browser()) {
            Thread.sleep(1500);
            browser.open(linkPath(expiring));
            assertEquals("This link cannot be used", browser.heading());
            assertFalse(browser.driver().getPageSource().contains("127.0.0.1:9/a"), "says nothing of what it was for");
            browser.screenshot("portal-link-expired");

            browser.open(linkPath(ofA));
            browser.waitForPath("/portal/" + ofA.get("id"));
            // B's page, from the browser that holds A's link only
            browser.open(url("/portal/" + ofB.get("id")));
            assertEquals("This link cannot be used", browser.heading());
            assertFalse(browser.driver().getPageSource().contains("127.0.0.1:9/b"));
            // A's link in a second browser: refused, it stays with the first
            other.open(linkPath(ofA));
            assertEquals("This link cannot be used", other.heading());

            // a form without its CSRF token: refused, nothing changes
            browser.open(url("/portal/" + ofA.get("id")));
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "document.querySelectorAll('input[name=csrf]').forEach(function (e) { e.remove(); });");
            browser.find(By.xpath("//button[normalize-space()='Pause deliveries']")).click();
            assertEquals("Form refused", browser.heading());
            assertEquals("active", given().auth().oauth2(AdminTokens.operator())
                    .get("/admin/v1/subscriptions/{id}", a.get("id")).then().extract().path("status"));

            // with it, the same form works
            browser.open(url("/portal/" + ofA.get("id")));
            browser.find(By.xpath("//button[normalize-space()='Pause deliveries']")).click();
            assertEquals("paused", browser.textOf(By.id("endpoint-status"), "paused"));
        }
    }
}
