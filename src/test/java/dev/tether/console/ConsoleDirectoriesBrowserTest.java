package dev.tether.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.directory.ConnectionActivity;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's directory pages in a real browser: a directory and its token made through the
 * pages work on SCIM at once; the health the page shows is what SCIM traffic did; rename,
 * rotate with overlap, revoke, disable and enable do what they say and are audited as the person.
 */
@QuarkusTest
class ConsoleDirectoriesBrowserTest {

    static final String ENTRA_AGENT = "Azure AD SCIM Provisioning Agent";

    @TestHTTPResource("/")
    URL base;

    @Inject
    TimeLimitedLinks links;

    @Inject
    ConsoleSessions sessions;

    @Inject
    ConnectionActivity activity;

    @Inject
    DataSource dataSource;

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    Browser signedIn() {
        Browser browser = new Browser();
        browser.open(url("/link/" + links.issue(LinkKind.SIGN_IN, null, Duration.ofMinutes(10), Cause.system()).token()));
        browser.waitForPath("/console/directories");
        return browser;
    }

    static int scim(String scimBaseUrl, String token, String path) {
        return given().auth().oauth2(token).header("User-Agent", ENTRA_AGENT).get(scimBaseUrl + path).statusCode();
    }

    @Test
    void aDirectoryAndTokenMadeInThePagesWorkOnScimAndThePageShowsTheTraffic() throws SQLException {
        String name = "Acme Entra " + UUID.randomUUID().toString().substring(0, 8);
        try (Browser browser = signedIn()) {
            browser.find(By.id("name")).sendKeys(name);
            browser.find(By.cssSelector("form[action='/console/directories'] button")).click();
            assertEquals(name, browser.heading());
            String directoryId = browser.path().substring("/console/directories/".length());
            String scimBaseUrl = browser.textOf(By.id("scim-base-url"));
            assertEquals(url("/scim/v2/" + directoryId), scimBaseUrl);

            browser.find(By.id("description")).sendKeys("Entra provisioning");
            browser.find(By.cssSelector("form[action$='/tokens'] button")).click();
            String token = browser.await(By.id("issued-token")).getText();
            assertTrue(token.startsWith("tether_"), token);
            assertTrue(browser.find(By.cssSelector("[data-copy='issued-token']")).isDisplayed());
            browser.screenshot("console-token-issued");

            // the token works on SCIM, as the IdP would use it
            given().auth().oauth2(token).header("User-Agent", ENTRA_AGENT).contentType("application/scim+json")
                    .body("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ada@acme.example\"}")
                    .post(scimBaseUrl + "/Users").then().statusCode(201);
            assertEquals(200, scim(scimBaseUrl, token, "/Users"));
            assertEquals(401, scim(scimBaseUrl, "tether_wrong", "/Users"));
            activity.flush();

            browser.open(url("/console/directories/" + directoryId));
            assertTrue(browser.textOf(By.id("last-request")).contains("GET → 401"),
                    browser.textOf(By.id("last-request")));
            assertEquals("3 requests, 1 errors", browser.textOf(By.id("traffic")));
            assertEquals("Microsoft Entra ID", browser.textOf(By.id("idp")));
            assertTrue(browser.textOf(By.cssSelector("main")).contains("1 users, 0 groups, 0 agents"));
            browser.screenshot("console-directory");
            browser.phone();
            browser.screenshot("console-directory-phone");
            browser.desktop();

            browser.open(url("/console/directories"));
            String row = browser.textOf(By.xpath("//tr[td/a[text()='" + name + "']]"));
            assertTrue(row.contains("3 requests") && row.contains("1 errors") && row.contains("1 · 0 · 0")
                    && row.contains("Microsoft Entra ID"), row);
            browser.screenshot("console-directories-health");
            browser.phone();
            browser.screenshot("console-directories-phone");
            browser.desktop();

            // rename
            browser.open(url("/console/directories/" + directoryId));
            browser.find(By.id("rename")).clear();
            browser.find(By.id("rename")).sendKeys(name + " (prod)");
            browser.find(By.cssSelector("form[action$='/rename'] button")).click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> browser.heading().equals(name + " (prod)"));

            // rotate with a one-hour overlap: both tokens work, the old one until its new expiry
            String oldTokenId = browser.find(By.cssSelector("#tokens tbody tr")).getAttribute("id").substring("token-".length());
            browser.find(By.cssSelector("form[action$='/tokens/" + oldTokenId + "/rotate'] input[name=overlapHours]")).clear();
            browser.find(By.cssSelector("form[action$='/tokens/" + oldTokenId + "/rotate'] input[name=overlapHours]")).sendKeys("1");
            browser.find(By.cssSelector("form[action$='/tokens/" + oldTokenId + "/rotate'] button")).click();
            String newToken = browser.await(By.id("issued-token")).getText();
            assertTrue(browser.textOf(By.cssSelector("main")).contains("keeps working until"));
            assertEquals(200, scim(scimBaseUrl, newToken, "/Users"));
            assertEquals(200, scim(scimBaseUrl, token, "/Users"));
            assertEquals(1L, Jdbc.query(dataSource, "SELECT count(*) FROM scim_tokens WHERE id = ? AND expires_at"
                    + " BETWEEN now() + interval '55 minutes' AND now() + interval '61 minutes'", rs -> rs.getLong(1),
                    UUID.fromString(oldTokenId)).get(0));

            // revoke the new one: refused at once
            String newTokenId = Jdbc.query(dataSource, "SELECT id FROM scim_tokens WHERE directory_id = ? AND id <> ?",
                    rs -> rs.getObject(1, UUID.class), UUID.fromString(directoryId), UUID.fromString(oldTokenId)).get(0).toString();
            browser.open(url("/console/directories/" + directoryId));
            browser.find(By.cssSelector("form[action$='/tokens/" + newTokenId + "/revoke'] button")).click();
            browser.driver().switchTo().alert().accept();
            waitForPage(browser, directoryId);
            assertEquals(401, scim(scimBaseUrl, newToken, "/Users"));
            assertTrue(browser.textOf(By.id("token-" + newTokenId)).contains("revoked"));

            // disable: every token refused; enable: the old one works again (still in its overlap)
            browser.find(By.cssSelector("form[action$='/disable'] button")).click();
            browser.driver().switchTo().alert().accept();
            waitForPage(browser, directoryId);
            assertTrue(browser.textOf(By.cssSelector("main")).contains("disabled since"));
            assertEquals(401, scim(scimBaseUrl, token, "/Users"));
            browser.find(By.cssSelector("form[action$='/enable'] button")).click();
            waitForPage(browser, directoryId);
            assertEquals(200, scim(scimBaseUrl, token, "/Users"));

            // bad input changes nothing and says what to fix
            String csrf = CsrfTokens.of(browser.cookie("tether-session"));
            given().cookie("tether-session", browser.cookie("tether-session")).formParam("csrf", csrf).formParam("name", "  ")
                    .post(url("/console/directories/" + directoryId + "/rename")).then().statusCode(400)
                    .body(containsString("A name has 1 to 200 characters"));
            given().cookie("tether-session", browser.cookie("tether-session")).formParam("csrf", csrf)
                    .formParam("expiresInDays", "soon")
                    .post(url("/console/directories/" + directoryId + "/tokens")).then().statusCode(400);
            given().cookie("tether-session", browser.cookie("tether-session")).formParam("csrf", csrf)
                    .post(url("/console/directories/" + UUID.randomUUID() + "/disable")).then().statusCode(404);
            assertEquals(2L, Jdbc.query(dataSource, "SELECT count(*) FROM scim_tokens WHERE directory_id = ?",
                    rs -> rs.getLong(1), UUID.fromString(directoryId)).get(0));
            assertEquals(List.of(name + " (prod)"), Jdbc.query(dataSource, "SELECT name FROM directories WHERE id = ?",
                    rs -> rs.getString(1), UUID.fromString(directoryId)));

            assertEquals(List.of("directory.create", "token.issue", "directory.rename", "token.issue", "token.rotate",
                    "token.revoke", "directory.disable", "directory.enable"),
                    Jdbc.query(dataSource, "SELECT action FROM audit_records WHERE directory_id = ?"
                            + " AND actor_type = 'console' AND actor_id = 'quick-start-operator' ORDER BY id",
                            rs -> rs.getString(1), UUID.fromString(directoryId)));
        }
    }

    @Test
    void anAuditorSeesTheDirectoryButNoControlAndCannotRevoke() throws SQLException {
        String directoryId;
        String token;
        String tokenId;
        try (Browser browser = signedIn()) {
            browser.find(By.id("name")).sendKeys("Audited " + UUID.randomUUID());
            browser.find(By.cssSelector("form[action='/console/directories'] button")).click();
            browser.heading();
            directoryId = browser.path().substring("/console/directories/".length());
            browser.find(By.cssSelector("form[action$='/tokens'] button")).click();
            token = browser.await(By.id("issued-token")).getText();
            tokenId = browser.find(By.cssSelector("#tokens tbody tr")).getAttribute("id").substring("token-".length());
        }
        var auditor = sessions.start("auditor-2", "Ada Auditor", List.of(AdminRoles.AUDITOR),
                ConsoleSessions.SignedInBy.OIDC, Cause.system());
        try (Browser browser = new Browser()) {
            browser.open(url("/console/sign-in"));
            browser.driver().manage().addCookie(new org.openqa.selenium.Cookie("tether-session", auditor.secret(), "/"));
            browser.open(url("/console/directories/" + directoryId));
            assertTrue(browser.textOf(By.id("tokens")).contains("active"));
            assertEquals(List.of(), browser.driver().findElements(By.cssSelector("main form")));
            assertEquals(List.of(), browser.driver().findElements(By.cssSelector("main button:not([data-copy])")));
            browser.screenshot("console-directory-auditor");
        }
        given().cookie("tether-session", auditor.secret()).formParam("csrf", CsrfTokens.of(auditor.secret()))
                .post(url("/console/directories/" + directoryId + "/tokens/" + tokenId + "/revoke")).then().statusCode(403);
        assertEquals(200, scim(url("/scim/v2/" + directoryId), token, "/Users"));
    }

    private static void waitForPage(Browser browser, String directoryId) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
                .until(d -> browser.path().equals("/console/directories/" + directoryId)
                        && !d.findElements(By.id("tokens")).isEmpty());
    }
}
