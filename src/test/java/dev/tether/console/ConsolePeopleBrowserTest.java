package dev.tether.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.lineage.LineageApi;
import dev.tether.platform.Cause;
import dev.tether.security.LinkKind;
import dev.tether.security.TimeLimitedLinks;
import dev.tether.testing.Browser;
import dev.tether.testing.DirectoryRows;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * People pages in a real browser: a user's lineage graph (nodes, edges, revoked greyed, keyboard
 * focus and details), the leaver drill (shown, nothing changed, then a real leaver revokes exactly
 * that), and the audit pages (filter, verify). Takes the screenshots docs/console.md shows.
 */
@QuarkusTest
class ConsolePeopleBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TimeLimitedLinks links;

    @Inject
    dev.tether.audit.AuditSealer sealer;

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    /** human → a → b (sub-agent) → credential; a's own credential; and a revoked grant to c. */
    record Lineage(LineageApi api, String user, String a, String b, String c, String d1, String d2, String revoked,
            String k1, String k2) {
    }

    static Lineage lineage(String name) {
        LineageApi api = LineageApi.create(name);
        String user = api.user(name + "-ada");
        String a = api.agent(name + "-planner");
        String b = api.agent(name + "-researcher");
        String c = api.agent(name + "-mailer");
        String d1 = api.delegateFromUser(user, a, List.of("read", "write"));
        String d2 = api.delegateFromAgent(a, b, List.of("read"));
        String revoked = api.delegateFromUser(user, c, List.of("mail"));
        LineageApi.integration().delete(api.admin("/delegations/" + revoked)).then().statusCode(204);
        return new Lineage(api, user, a, b, c, d1, d2, revoked, api.credential(a, d1, name + "-key-1"),
                api.credential(b, d2, name + "-key-2"));
    }

    Browser signedIn() {
        Browser browser = new Browser();
        browser.open(url("/link/" + links.issue(LinkKind.SIGN_IN, null, Duration.ofMinutes(10), Cause.system()).token()));
        browser.waitForPath("/console/directories");
        return browser;
    }

    static String node(String id) {
        return LineageGraphSvg.domId(id);
    }

    @Test
    void aUsersLineageIsAGraphToReadAndToWalkByKeyboard() {
        Lineage l = lineage("graph");
        try (Browser browser = signedIn()) {
            // found by the start of a name, in the directory chosen
            browser.open(url("/console/people?directory=" + l.api().dir().id() + "&kind=users&q=graph-a"));
            assertEquals("People", browser.heading());
            assertEquals(1, browser.driver().findElements(By.cssSelector("table.list tbody tr")).size());
            browser.find(By.linkText("graph-ada")).click();
            assertEquals("User graph-ada", browser.heading());
            assertEquals("/console/people/" + l.api().dir().id() + "/users/" + l.user(), browser.path());

            // every node and edge of the chain is in the DOM, the revoked grant greyed
            for (String id : List.of(l.user(), l.a(), l.b(), l.c(), l.k1(), l.k2())) {
                assertTrue(browser.find(By.id(node(id))).getAttribute("class").contains("node"), id);
            }
            assertEquals("node node-agent status-suspended", browser.find(By.id(node(l.c()))).getAttribute("class"));
            assertEquals("Agent graph-researcher, active", browser.find(By.id(node(l.b()))).getAttribute("aria-label"));
            Map<String, String> edges = browser.driver().findElements(By.cssSelector("svg.lineage-graph g.edge")).stream()
                    .collect(Collectors.toMap(e -> e.getAttribute("data-from") + ">" + e.getAttribute("data-to"),
                            e -> e.getAttribute("class")));
            assertEquals(Set.of(node(l.user()) + ">" + node(l.a()), node(l.a()) + ">" + node(l.b()),
                    node(l.user()) + ">" + node(l.c()), node(l.a()) + ">" + node(l.k1()), node(l.b()) + ">" + node(l.k2())),
                    edges.keySet());
            assertTrue(edges.get(node(l.user()) + ">" + node(l.c())).contains("edge-revoked"));
            assertFalse(edges.get(node(l.a()) + ">" + node(l.b())).contains("edge-revoked"));
            browser.screenshot("console-user-lineage");

            // Tab reaches the sub-agent; its path to the human lights up; Enter opens its details
            WebElement target = browser.find(By.id(node(l.b())));
            for (int i = 0; i < 80 && !target.equals(browser.driver().switchTo().activeElement()); i++) {
                new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            }
            assertEquals(target, browser.driver().switchTo().activeElement(), "Tab reaches the node");
            assertTrue(browser.find(By.id(node(l.user()))).getAttribute("class").contains("lit"), "path to the human lit");
            assertTrue(browser.find(By.id(node(l.k2()))).getAttribute("class").contains("lit"), "what derives from it lit");
            assertFalse(browser.find(By.id(node(l.c()))).getAttribute("class").contains("lit"), "the rest is not");
            new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
            WebElement details = browser.find(By.id("details-" + node(l.b())));
            new WebDriverWait(browser.driver(), Duration.ofSeconds(5)).until(d -> details.isDisplayed());
            assertTrue(details.getText().contains("Agent graph-researcher"), details.getText());
            assertTrue(details.getText().contains("Status: active"), details.getText());

            browser.phone();
            browser.open(url("/console/people/" + l.api().dir().id() + "/users/" + l.user()));
            browser.screenshot("console-user-lineage-phone");
        }
    }

    @Test
    void theLeaverDrillChangesNothingAndTheLeaverThenRevokesExactlyThat() {
        Lineage l = lineage("drill-page");
        io.restassured.RestAssured.given().auth().oauth2(dev.tether.testing.AdminTokens.operator())
                .contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("url", "http://127.0.0.1:9/hr-app", "format", "standard-webhooks",
                        "directoryIds", List.of(l.api().dir().id()), "eventTypes", List.of("credential.revoked")))
                .post("/admin/v1/subscriptions").then().statusCode(201);
        Map<String, Long> before = DirectoryRows.count(l.api().dir().id());
        Set<String> shownGoing;
        try (Browser browser = signedIn()) {
            browser.open(url("/console/people/" + l.api().dir().id() + "/users/" + l.user()));
            browser.find(By.partialLinkText("Leaver drill")).click();
            assertEquals("Leaver drill: drill-page-ada", browser.heading());
            assertEquals("2", browser.textOf(By.id("count-delegations")));
            assertEquals("2", browser.textOf(By.id("count-credentials")));
            assertEquals("2", browser.textOf(By.id("count-agents-suspended")));
            shownGoing = browser.driver().findElements(By.cssSelector("svg.lineage-graph .node-marked")).stream()
                    .map(e -> e.getAttribute("id")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(Set.of(node(l.a()), node(l.b()), node(l.k1()), node(l.k2()))), shownGoing);
            assertEquals(2, browser.driver().findElements(By.cssSelector("svg.lineage-graph g.edge-marked")).stream()
                    .filter(e -> e.getAttribute("data-to").equals(node(l.a())) || e.getAttribute("data-to").equals(node(l.b())))
                    .count(), "both grants marked");
            String told = browser.textOf(By.cssSelector("section[aria-labelledby=told-heading] tbody"));
            assertTrue(told.contains("http://127.0.0.1:9/hr-app") && told.contains("2 × credential.revoked"), told);
            browser.screenshot("console-leaver-drill");
            browser.phone();
            browser.open(url("/console/people/" + l.api().dir().id() + "/users/" + l.user() + "/leaver-drill"));
            browser.screenshot("console-leaver-drill-phone");
        }
        assertEquals(before, DirectoryRows.count(l.api().dir().id()), "the drill wrote nothing");
        assertEquals("active", l.api().delegationStatus(l.d1()));

        l.api().dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(l.api().dir().path("/Users/" + l.user())).then().statusCode(200);
        Set<String> revoked = new TreeSet<>();
        for (String k : List.of(l.k1(), l.k2())) {
            if ("revoked".equals(l.api().credentialStatus(k))) {
                revoked.add(node(k));
            }
        }
        for (String agent : List.of(l.a(), l.b())) {
            if (Boolean.FALSE.equals(l.api().agentActive(agent))) {
                revoked.add(node(agent));
            }
        }
        assertEquals(shownGoing, revoked);
        assertEquals("revoked", l.api().delegationStatus(l.d1()));
        assertEquals("revoked", l.api().delegationStatus(l.d2()));
    }

    @Test
    void auditRecordsFilterAndTheChainVerifies() {
        Lineage l = lineage("audit-page");
        try (Browser browser = signedIn()) {
            browser.open(url("/console/audit?directory=" + l.api().dir().id()));
            assertEquals("Audit", browser.heading());
            browser.find(By.id("action")).sendKeys("delegation.revoke");
            browser.find(By.cssSelector("form.search button[type=submit]")).click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                    .until(d -> d.getCurrentUrl().contains("action=delegation.revoke"));
            List<WebElement> rows = browser.driver().findElements(By.cssSelector("#records tbody tr"));
            assertEquals(1, rows.size(), "one manual revocation");
            assertTrue(rows.get(0).getText().contains("delegation.revoke"), rows.get(0).getText());
            assertTrue(rows.get(0).getText().contains(l.revoked()), rows.get(0).getText());
            browser.screenshot("console-audit");

            sealer.sealAll(); // links and signs what the page verifies
            browser.find(By.linkText("Verify this chain")).click();
            assertEquals("Verify the audit chain", browser.heading());
            assertTrue(browser.textOf(By.id("result-heading")).endsWith("the chain verifies"),
                    browser.textOf(By.id("result-heading")));
            String through = browser.textOf(By.id("checked-through"));
            assertTrue(Integer.parseInt(through) > 0, through);
            assertEquals(through, browser.textOf(By.id("signed-through")), "all of it signed");
            assertEquals("valid", browser.textOf(By.id("checkpoint-signature")));
            browser.screenshot("console-audit-verify");

            // the download is the export the standalone verifier reads
            String export = io.restassured.RestAssured.given().cookie("tether-session", browser.cookie("tether-session"))
                    .get(url("/console/audit/export?directory=" + l.api().dir().id())).then().statusCode(200)
                    .contentType("application/jsonl").header("Content-Disposition", org.hamcrest.Matchers
                            .containsString("audit-" + l.api().dir().id() + ".jsonl")).extract().asString();
            assertTrue(export.startsWith("{\"type\":\"export\""), export);

            // the operator trail (what operators did that is no one directory's) is one of the trails offered
            String operatorTrail = io.restassured.RestAssured.given().cookie("tether-session", browser.cookie("tether-session"))
                    .get(url("/console/audit?directory=00000000-0000-0000-0000-000000000000")).then().statusCode(200)
                    .extract().asString();
            assertTrue(operatorTrail.contains(
                    "<option value=\"00000000-0000-0000-0000-000000000000\" selected>Operator trail</option>"), operatorTrail);

            // an agent's page draws its chain up to the human, and its credentials
            String session = browser.cookie("tether-session");
            String agentPage = io.restassured.RestAssured.given().cookie("tether-session", session)
                    .get(url("/console/agents/" + l.api().dir().id() + "/" + l.b())).then().statusCode(200)
                    .extract().asString();
            for (String id : List.of(l.user(), l.a(), l.b(), l.k2())) {
                assertTrue(agentPage.contains("id=\"" + node(id) + "\""), "agent page draws " + id);
            }
            // agents and groups are searched the same way
            io.restassured.RestAssured.given().cookie("tether-session", session)
                    .get(url("/console/agents?directory=" + l.api().dir().id() + "&q=audit-page-res"))
                    .then().statusCode(200).body(org.hamcrest.Matchers.containsString("1 agents found"))
                    .body(org.hamcrest.Matchers.containsString("href=\"/console/agents/" + l.api().dir().id() + "/" + l.b() + "\""));
            io.restassured.RestAssured.given().cookie("tether-session", session)
                    .get(url("/console/people?directory=" + l.api().dir().id() + "&kind=groups&q=x"))
                    .then().statusCode(200).body(org.hamcrest.Matchers.containsString("0 groups found"));

            // search text is a value, never filter syntax; unknown people are a 404 page
            io.restassured.RestAssured.given().cookie("tether-session", session)
                    .get(url("/console/people?directory=" + l.api().dir().id() + "&q=\") or (id pr"))
                    .then().statusCode(200).body(org.hamcrest.Matchers.containsString("0 users found"));
            io.restassured.RestAssured.given().cookie("tether-session", session)
                    .get(url("/console/people/" + l.api().dir().id() + "/users/" + java.util.UUID.randomUUID()))
                    .then().statusCode(404);
            io.restassured.RestAssured.given().cookie("tether-session", session)
                    .get(url("/console/people/" + l.api().dir().id() + "/users/not-an-id")).then().statusCode(404);
            io.restassured.RestAssured.given().cookie("tether-session", session)
                    .get(url("/console/people/" + java.util.UUID.randomUUID() + "/users/" + l.user())).then().statusCode(404);

            // a time that is not one is refused with a message, and no records
            browser.open(url("/console/audit?directory=" + l.api().dir().id() + "&from=yesterday"));
            assertTrue(browser.textOf(By.cssSelector("p.error")).contains("must be an instant"));
            assertEquals(1, browser.driver().findElements(By.cssSelector("#records tbody tr")).size());
        }
    }
}
