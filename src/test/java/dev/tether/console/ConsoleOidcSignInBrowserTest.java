package dev.tether.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.platform.Jdbc;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.Browser;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
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
 * The console's OpenID Connect sign-in, end to end in a real browser: Tether's sign-in page, the
 * provider's login page, the code flow back through quarkus-oidc, the roles claim mapped to a
 * console role, changes audited as the provider's subject, and sign-out.
 */
@QuarkusTest
@TestProfile(OidcSignInProfile.class)
class ConsoleOidcSignInBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    DataSource dataSource;

    String url(String path) {
        return base.toString().replaceAll("/$", "") + path;
    }

    /** Through Tether's sign-in page and the provider's login page, as this person. */
    static void signIn(Browser browser, String tetherSignInPage, TestOpenIdProvider.Person person) {
        browser.open(tetherSignInPage);
        browser.find(By.linkText("Sign in with your identity provider")).click();
        assertEquals("Sign in to Test IdP", browser.heading());
        browser.find(By.id(person.sub())).click();
    }

    @Test
    void anOperatorSignsInWithTheProviderChangesSomethingAsThemselvesAndSignsOut() throws SQLException {
        try (Browser browser = new Browser()) {
            signIn(browser, url("/console/sign-in"), TestOpenIdProvider.OPERATOR);
            browser.waitForPath("/console/directories");
            assertEquals("Directories", browser.heading());
            assertEquals("Olivia Operator", browser.find(By.cssSelector(".person")).getText());
            String session = browser.cookie("tether-session");
            assertTrue(session != null && session.startsWith("tcs_"), "Tether's own session cookie");
            assertNull(browser.cookie("q_session"), "the provider's tokens are not kept in the browser");

            String name = "oidc-" + UUID.randomUUID();
            browser.find(By.id("name")).sendKeys(name);
            browser.find(By.cssSelector("form[action='/console/directories'] button")).click();
            new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> !browser.path().equals("/console/directories"));
            assertEquals(List.of("console:00u-olivia"), Jdbc.query(dataSource,
                    "SELECT r.actor_type || ':' || r.actor_id FROM audit_records r JOIN directories d ON d.id = r.directory_id"
                            + " WHERE d.name = ? AND r.action = 'directory.create'", rs -> rs.getString(1), name));

            browser.find(By.cssSelector("form.who button")).click();
            browser.waitForPath("/console/sign-in");
            given().cookie("tether-session", session).redirects().follow(false).get(url("/console/directories"))
                    .then().statusCode(303).header("Location", containsString("/console/sign-in"));
            browser.open(url("/console/directories"));
            browser.waitForPath("/console/sign-in");
        }
        assertEquals(List.of("console.sign-in", "console.sign-out"), Jdbc.query(dataSource,
                "SELECT action FROM (SELECT id, action FROM audit_records WHERE actor_id = '00u-olivia'"
                        + " AND action LIKE 'console.sign-%' ORDER BY id DESC LIMIT 2) last ORDER BY id", rs -> rs.getString(1)));
    }

    @Test
    void anAuditorSeesThePagesWithoutChangeControls() {
        try (Browser browser = new Browser()) {
            signIn(browser, url("/console/sign-in"), TestOpenIdProvider.AUDITOR);
            browser.waitForPath("/console/directories");
            assertEquals("Directories", browser.heading());
            assertEquals("Arthur Auditor auditor", browser.find(By.cssSelector(".person")).getText());
            assertTrue(browser.driver().findElements(By.cssSelector("main form")).isEmpty(), "no change controls");
        }
    }

    @Test
    void someoneWithNeitherRoleIsRefusedAndGetsNoSession() throws SQLException {
        long sessionsBefore = sessionsOf("00u-nora");
        try (Browser browser = new Browser()) {
            signIn(browser, url("/console/sign-in"), TestOpenIdProvider.NOBODY);
            assertEquals("No console role", browser.heading());
            assertNull(browser.cookie("tether-session"));
            browser.open(url("/console/directories"));
            browser.waitForPath("/console/sign-in");
        }
        assertEquals(sessionsBefore, sessionsOf("00u-nora"));
    }

    @Test
    void theSignInAddressStartsTheCodeFlowAndTheOtherApisKeepTheirOwnAuthentication() {
        // without a session quarkus-oidc sends the browser to the provider, with state, nonce, PKCE and this redirect URI
        given().redirects().follow(false).get(url("/console/sign-in/oidc")).then().statusCode(302)
                .header("Location", startsWith("http://127.0.0.1:"))
                .header("Location", containsString("/realm/authorize?"))
                .header("Location", containsString("client_id=" + TestOpenIdProvider.CLIENT_ID))
                .header("Location", containsString("state="))
                .header("Location", containsString("nonce="))
                .header("Location", containsString("code_challenge_method=S256"))
                .header("Location", containsString("redirect_uri=" + java.net.URLEncoder.encode(
                        url("/console/sign-in/oidc"), java.nio.charset.StandardCharsets.UTF_8)));
        // the rest of the console still uses Tether's session, not the provider
        given().redirects().follow(false).get(url("/console/directories")).then().statusCode(303)
                .header("Location", containsString("/console/sign-in"));
        // the admin API answers its own JWTs, and a missing one with 401 problem+json, never a redirect to the provider
        given().redirects().follow(false).get(url("/admin/v1/directories")).then().statusCode(401);
        given().auth().oauth2(AdminTokens.operator()).get(url("/admin/v1/directories")).then().statusCode(200);
        // SCIM answers its bearer tokens
        ScimDirectory directory = ScimDirectory.create("oidc-scim-" + UUID.randomUUID());
        directory.scim().get(url(directory.path("/Users"))).then().statusCode(200);
        given().redirects().follow(false).get(url(directory.path("/Users"))).then().statusCode(401);
    }

    private long sessionsOf(String subject) throws SQLException {
        return Jdbc.query(dataSource, "SELECT count(*) FROM console_sessions WHERE subject = ?", rs -> rs.getLong(1), subject)
                .get(0);
    }
}
