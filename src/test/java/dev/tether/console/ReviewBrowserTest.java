package dev.tether.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.lineage.LineageApi;
import dev.tether.platform.Cause;
import dev.tether.security.AdminRoles;
import dev.tether.security.ConsoleSessions;
import dev.tether.security.LinkKind;
import dev.tether.security.TimeLimitedLinks;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * Access reviews in a real browser. The operator opens a campaign from the console's form and
 * makes a review link for the human behind three delegations; the human opens it and sees, per
 * delegation, what it allows and what was used of it (the unused one stands out), narrows one,
 * revokes another (its credential is revoked by the cascade) and approves the third, each with
 * a justification that the audit trail keeps with them as actor. The link works in no other
 * browser, a decided item cannot be decided again, and the operator's page shows the progress.
 * Screenshots for docs/recertification.md and docs/console.md.
 */
@QuarkusTest
class ReviewBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TimeLimitedLinks links;

    @Inject
    ConsoleSessions sessions;

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    Browser operator() {
        Browser browser = new Browser();
        browser.open(url("/link/" + links.issue(LinkKind.SIGN_IN, null, Duration.ofMinutes(10), Cause.system()).token()));
        browser.waitForPath("/console/directories");
        return browser;
    }

    /** Three delegations of one human: one used for some of its scopes (and once denied), one never used, one used. */
    record Fixture(LineageApi api, String alice, String planner, String mailer, String reporter, String toPlanner,
            String toMailer, String toReporter, String mailerKey) {
    }

    static Fixture fixture(String name) {
        LineageApi api = LineageApi.create(name);
        String alice = api.user("alice-" + UUID.randomUUID().toString().substring(0, 6));
        String planner = api.agent("trip-planner");
        String mailer = api.agent("newsletter-bot");
        String reporter = api.agent("expense-reporter");
        String toPlanner = api.delegateFromUser(alice, planner, List.of("read", "book", "pay"));
        String toMailer = api.delegateFromUser(alice, mailer, List.of("send"));
        String toReporter = api.delegateFromUser(alice, reporter, List.of("read"));
        String plannerKey = "planner-" + UUID.randomUUID();
        String mailerKey = "mailer-" + UUID.randomUUID();
        String reporterKey = "reporter-" + UUID.randomUUID();
        api.credential(planner, toPlanner, plannerKey);
        String mailerCredential = api.credential(mailer, toMailer, mailerKey);
        api.credential(reporter, toReporter, reporterKey);
        act(api, plannerKey, "read", "success");
        act(api, plannerKey, "book", "success");
        act(api, plannerKey, "pay", "denied");
        act(api, reporterKey, "read", "success");
        return new Fixture(api, alice, planner, mailer, reporter, toPlanner, toMailer, toReporter, mailerCredential);
    }

    /** An app reports what an agent did with a credential (the action trail the usage comes from). */
    static void act(LineageApi api, String key, String action, String outcome) {
        given().auth().oauth2(AdminTokens.withGroups(AdminRoles.PEP)).contentType(ContentType.JSON)
                .body(Map.of("credential", Map.of("externalId", key, "audience", "https://api.example.com"),
                        "action", action, "target", Map.of("type", "trip", "id", "t-" + UUID.randomUUID()),
                        "occurredAt", Instant.now().toString(), "outcome", outcome))
                .post(api.admin("/actions")).then().statusCode(201);
    }

    static WebElement item(Browser browser, String agentName) {
        return browser.find(By.xpath("//section[contains(@class,'review-item')][.//h2[contains(., '" + agentName + "')]]"));
    }

    static void decide(Browser browser, String agentName, String why, String button) {
        WebElement item = item(browser, agentName);
        item.findElement(By.tagName("textarea")).sendKeys(why);
        item.findElement(By.xpath(".//button[normalize-space()='" + button + "']")).click();
    }

    static long overflow(Browser browser) {
        return (Long) ((JavascriptExecutor) browser.driver()).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    }

    @Test
    void aReviewerNarrowsRevokesAndApprovesWithUsageInFrontOfThem() {
        Fixture f = fixture("review-pages");
        String dir = f.api().dir().id();
        String linkId;
        try (Browser operator = operator(); Browser reviewer = new Browser(); Browser other = new Browser()) {
            // the operator opens a campaign over the human's delegations from the console's form
            operator.open(url("/console/directories/" + dir));
            operator.find(By.linkText("Access reviews")).click();
            operator.find(By.id("campaign-name")).sendKeys("Q4 agent access");
            new org.openqa.selenium.support.ui.Select(operator.find(By.id("on-no-answer"))).selectByValue("revoke");
            operator.find(By.xpath("//button[normalize-space()='Start campaign']")).click();
            assertEquals("Q4 agent access · review-pages", operator.heading());
            assertTrue(operator.textOf(By.id("campaign-progress")).contains("0 / 3"));
            assertEquals(3, operator.driver().findElements(By.cssSelector("#items tbody tr[data-item]")).size());
            assertTrue(operator.find(By.cssSelector("#items tr.never-used")).getText().contains("newsletter-bot"));
            String campaignPath = operator.path();

            // a review link for the human, shown once
            operator.find(By.cssSelector("#reviewers tr[data-reviewer='" + f.alice() + "'] button")).click();
            String linkUrl = operator.textOf(By.id("made-url"));
            assertTrue(linkUrl.contains("/link/tl_"), linkUrl);
            operator.screenshot("console-review-link");

            // the reviewer opens it: their items, with what each allows and what was used of it
            reviewer.open(url(linkUrl.substring(linkUrl.indexOf("/link/"))));
            new org.openqa.selenium.support.ui.WebDriverWait(reviewer.driver(), Duration.ofSeconds(15))
                    .until(d -> reviewer.path().startsWith("/review/"));
            assertEquals("Q4 agent access", reviewer.heading());
            assertFalse(reviewer.driver().getCurrentUrl().contains("tl_"), "the address holds no token");
            assertTrue(reviewer.textOf(By.id("progress")).contains("0 of 3"));
            WebElement planner = item(reviewer, "trip-planner");
            assertTrue(planner.findElement(By.cssSelector(".scopes-used")).getText().contains("read"));
            assertTrue(planner.findElement(By.cssSelector(".scopes-used")).getText().contains("book"));
            assertEquals("pay", planner.findElement(By.cssSelector(".scopes-unused")).getText());
            assertEquals("2", planner.findElement(By.cssSelector(".use-count")).getText());
            assertEquals("1", planner.findElement(By.cssSelector(".denials")).getText());
            assertTrue(planner.findElement(By.cssSelector("ol.chain")).getText().contains("trip-planner"));
            assertTrue(planner.getText().contains("api_key planner-"), "its credential");
            WebElement mailer = item(reviewer, "newsletter-bot");
            assertTrue(mailer.getAttribute("class").contains("never-used"));
            assertTrue(mailer.findElement(By.cssSelector(".never-used-flag")).getText().contains("Never used"));
            assertFalse(planner.getAttribute("class").contains("never-used"));
            reviewer.screenshot("review-1280");

            // narrow: the unused scope is unticked already; keep what was used
            decide(reviewer, "trip-planner", "Books trips; never needs to pay.", "Narrow to checked scopes");
            assertTrue(reviewer.textOf(By.id("notice")).startsWith("Narrowed"));
            String narrowed = item(reviewer, "trip-planner").findElement(By.cssSelector(".decision")).getText();
            assertTrue(narrowed.startsWith("Narrowed (kept read book)"), narrowed);
            assertTrue(narrowed.contains("Books trips; never needs to pay."), narrowed);
            assertEquals(List.of("read", "book"), LineageApi.integration()
                    .get(f.api().admin("/delegations/" + f.toPlanner())).then().statusCode(200).extract().path("scopes"));

            // revoke: the page asks first; the cascade revokes its credential
            decide(reviewer, "newsletter-bot", "I stopped the newsletter.", "Revoke");
            reviewer.driver().switchTo().alert().accept();
            assertTrue(reviewer.textOf(By.id("notice")).startsWith("Revoked"));
            assertEquals("revoked", f.api().delegationStatus(f.toMailer()));
            assertEquals("revoked", f.api().credentialStatus(f.mailerKey()));

            // approve, with the keyboard only: focus the reason, type, tab to Approve, press Enter
            WebElement why = item(reviewer, "expense-reporter").findElement(By.tagName("textarea"));
            why.sendKeys("Files my expenses every month.");
            why.sendKeys(org.openqa.selenium.Keys.TAB);
            reviewer.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.ENTER);
            assertTrue(reviewer.textOf(By.id("notice")).startsWith("Approved"));
            assertEquals("active", f.api().delegationStatus(f.toReporter()));
            assertTrue(reviewer.textOf(By.id("progress")).contains("3 of 3"));
            assertTrue(reviewer.driver().findElements(By.cssSelector("form.decide")).isEmpty(),
                    "a decided item offers no form");
            reviewer.screenshot("review-decided");
            reviewer.phone();
            reviewer.open(url(reviewer.path())); // from the top: no notice, no fragment
            reviewer.heading();
            reviewer.screenshot("review-390");
            assertEquals(0L, overflow(reviewer), "nothing wider than a phone's screen");
            reviewer.desktop();

            // the same link in a second browser: refused, and it says nothing of the review
            other.open(url(linkUrl.substring(linkUrl.indexOf("/link/"))));
            assertEquals("This link cannot be used", other.heading());
            assertFalse(other.driver().getPageSource().contains("trip-planner"));
            linkId = reviewer.path().substring("/review/".length());
            other.open(url("/review/" + linkId));
            assertEquals("This link cannot be used", other.heading());

            // the operator sees the progress and every answer
            operator.open(url(campaignPath));
            assertTrue(operator.textOf(By.id("campaign-progress")).contains("3 / 3"));
            String answers = operator.textOf(By.id("items"));
            assertTrue(answers.contains("Narrowed") && answers.contains("Revoked") && answers.contains("Approved"), answers);
            assertTrue(operator.textOf(By.id("review-links")).contains("opened"));
            operator.screenshot("console-review-campaign");
            operator.open(url("/console/directories/" + dir + "/reviews"));
            assertTrue(operator.textOf(By.id("campaigns")).contains("3 / 3"));
            operator.screenshot("console-reviews");
            operator.phone();
            operator.driver().navigate().refresh();
            operator.heading();
            assertEquals(0L, overflow(operator), "the campaign list fits a phone");
        }

        // each answer is an audit record of the directory, with the reviewer as actor and their reason
        List<Map<String, Object>> decisions = given().auth().oauth2(AdminTokens.operator())
                .queryParam("action", "review.decide").get("/admin/v1/directories/{dir}/audit", dir)
                .then().statusCode(200).extract().jsonPath().getList("records");
        assertEquals(3, decisions.size(), decisions.toString());
        for (Map<String, Object> d : decisions) {
            Map<?, ?> record = (Map<?, ?>) d.get("record");
            assertEquals(Map.of("type", "user", "id", f.alice()), record.get("actor"), d.toString());
            Map<?, ?> details = (Map<?, ?>) record.get("details");
            assertEquals(Map.of("type", "link", "id", linkId), details.get("submittedBy"), "it came through the link");
            assertTrue(details.get("justification") instanceof String why && !why.isBlank(), d.toString());
        }
        assertTrue(decisions.toString().contains("I stopped the newsletter."), decisions.toString());
    }
}
