package dev.tether.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.platform.Cause;
import dev.tether.platform.Jdbc;
import dev.tether.security.AdminRoles;
import dev.tether.security.ConsoleSessions;
import dev.tether.security.LinkKind;
import dev.tether.security.TimeLimitedLinks;
import dev.tether.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/** Signing in to the console with a one-time link, in a real browser; what a refused link, form or role looks like. */
@QuarkusTest
class ConsoleSignInBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    TimeLimitedLinks links;

    @Inject
    ConsoleSessions sessions;

    @Inject
    DataSource dataSource;

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    String signInLink() {
        return url("/link/" + links.issue(LinkKind.SIGN_IN, null, Duration.ofMinutes(10), Cause.system()).token());
    }

    @Test
    void aOneTimeLinkSignsInOnceAndTheConsoleSendsItsSecurityHeaders() throws SQLException {
        String link = signInLink();
        try (Browser browser = new Browser()) {
            browser.open(link);
            browser.waitForPath("/console/directories");
            assertEquals("Directories", browser.heading());
            assertTrue(browser.textOf(By.cssSelector("header nav")).contains("Audit"));
            assertEquals("Quick-start operator", browser.textOf(By.cssSelector(".person")));
            browser.screenshot("console-directories");

            // the same link again, even in the browser that used it: spent
            browser.open(link);
            assertEquals("This link cannot be used", browser.heading());
            String session = browser.cookie("tether-session");
            given().cookie("tether-session", session).redirects().follow(false).get(url("/console/directories"))
                    .then().statusCode(200)
                    .header("Content-Security-Policy", containsString("default-src 'none'"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", containsString("form-action 'self'"))
                    .header("Content-Security-Policy", containsString("base-uri 'none'"))
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Cache-Control", "no-store")
                    .body(not(containsString("<script>")))
                    .body(not(containsString("style=")));

            // signing out ends the session on the server, not only in this browser
            browser.open(url("/console/directories"));
            browser.find(By.cssSelector("form.who button")).click();
            browser.waitForPath("/console/sign-in");
            given().cookie("tether-session", session).redirects().follow(false).get(url("/console/directories"))
                    .then().statusCode(303).header("Location", containsString("/console/sign-in"));
        }
        given().get(link).then().statusCode(410)
                .body(containsString("This link cannot be used"));
        assertEquals(List.of("console.sign-in", "console.sign-out"),
                Jdbc.query(dataSource, "SELECT action FROM (SELECT id, action FROM audit_records"
                        + " WHERE actor_id = 'quick-start-operator' AND action LIKE 'console.%' ORDER BY id DESC LIMIT 2) last"
                        + " ORDER BY id", rs -> rs.getString(1)));
    }

    @Test
    void expiredRevokedAndUnknownLinksAreRefusedWithoutSayingWhatTheyWereFor() throws SQLException {
        var expired = links.issue(LinkKind.SIGN_IN, null, Duration.ofMinutes(10), Cause.system());
        Jdbc.update(dataSource, "UPDATE time_limited_links SET created_at = now() - interval '2 hours',"
                + " expires_at = now() - interval '1 hour' WHERE id = ?", expired.link().id());
        var revoked = links.issue(LinkKind.SIGN_IN, null, Duration.ofMinutes(10), Cause.system());
        links.revoke(revoked.link().id(), Cause.system());
        for (String token : List.of(expired.token(), revoked.token(), "tl_nothing")) {
            given().redirects().follow(false).get(url("/link/" + token)).then().statusCode(410)
                    .header("Set-Cookie", (String) null)
                    .body(containsString("This link cannot be used"))
                    .body(not(containsString("sign-in")));
        }
        try (Browser browser = new Browser()) {
            browser.open(url("/link/" + expired.token()));
            assertEquals("This link cannot be used", browser.heading());
            browser.screenshot("link-refused");
            browser.open(url("/console/directories"));
            browser.waitForPath("/console/sign-in");
        }
        assertEquals(List.of("link.create", "link.revoke"), Jdbc.query(dataSource,
                "SELECT action FROM audit_records WHERE target_id = ? ORDER BY id", rs -> rs.getString(1),
                revoked.link().id().toString()));
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws SQLException {
        try (Browser browser = new Browser()) {
            browser.open(signInLink());
            browser.waitForPath("/console/directories");
            String name = "csrf-" + UUID.randomUUID();
            browser.find(By.id("name")).sendKeys(name);
            // as a forged form would be: the same fields but the token
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "document.querySelector('form[action=\"/console/directories\"] input[name=csrf]').remove()");
            browser.find(By.cssSelector("form[action='/console/directories'] button")).click();
            assertEquals("Form refused", browser.heading());
            assertEquals(0, directoriesNamed(name));

            String session = browser.cookie("tether-session");
            given().cookie("tether-session", session).formParam("name", name).formParam("csrf", "forged")
                    .post(url("/console/directories")).then().statusCode(403);
            given().cookie("tether-session", session).formParam("name", name)
                    .post(url("/console/directories")).then().statusCode(403);
            assertEquals(0, directoriesNamed(name));

            // with its token the same form works, and the audit record names the signed-in person
            browser.open(url("/console/directories"));
            browser.find(By.id("name")).sendKeys(name);
            browser.find(By.cssSelector("form[action='/console/directories'] button")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(15))
                    .until(d -> !browser.path().equals("/console/directories"));
            assertEquals(1, directoriesNamed(name));
            assertEquals(List.of("console:quick-start-operator"), Jdbc.query(dataSource,
                    "SELECT r.actor_type || ':' || r.actor_id FROM audit_records r JOIN directories d ON d.id = r.directory_id"
                            + " WHERE d.name = ? AND r.action = 'directory.create'", rs -> rs.getString(1), name));
        }
    }

    @Test
    void anAuditorSeesPagesWithoutChangeControlsAndIsRefusedChanges() throws SQLException {
        var started = sessions.start("auditor-1", "Ada Auditor", List.of(AdminRoles.AUDITOR),
                ConsoleSessions.SignedInBy.OIDC, Cause.system());
        try (Browser browser = new Browser()) {
            browser.open(url("/console/sign-in"));
            browser.driver().manage().addCookie(new org.openqa.selenium.Cookie("tether-session", started.secret(), "/"));
            browser.open(url("/console/directories"));
            assertEquals("Directories", browser.heading());
            assertTrue(browser.textOf(By.cssSelector(".person")).contains("auditor"));
            assertTrue(browser.driver().findElements(By.cssSelector("main form")).isEmpty(), "no change controls");
        }
        String csrf = CsrfTokens.of(started.secret());
        String name = "auditor-" + UUID.randomUUID();
        given().cookie("tether-session", started.secret()).formParam("name", name).formParam("csrf", csrf)
                .post(url("/console/directories")).then().statusCode(403).body(containsString("auditor"));
        assertEquals(0, directoriesNamed(name));
    }

    @Test
    void withoutASessionTheConsoleAsksToSignIn() {
        given().redirects().follow(false).get(url("/console/directories")).then().statusCode(303)
                .header("Location", containsString("/console/sign-in"));
        given().cookie("tether-session", "tcs_made-up").redirects().follow(false).get(url("/console"))
                .then().statusCode(303);
        given().get(url("/console/sign-in")).then().statusCode(200)
                .body(containsString("sign-in link printed"))
                .header("Content-Security-Policy", containsString("default-src 'none'"));
        given().formParam("name", "x").post(url("/console/directories")).then().statusCode(403);
        // OpenID Connect is off unless configured: its address sends no one anywhere and makes no session
        given().redirects().follow(false).get(url("/console/sign-in/oidc")).then().statusCode(401)
                .header("Location", (String) null).header("Set-Cookie", (String) null);
    }

    private long directoriesNamed(String name) throws SQLException {
        return Jdbc.query(dataSource, "SELECT count(*) FROM directories WHERE name = ?", rs -> rs.getLong(1), name).get(0);
    }
}
