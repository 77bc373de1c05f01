package dev.tether.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.directory.Directories;
import dev.tether.platform.Cause;
import dev.tether.platform.Jdbc;
import dev.tether.security.LinkKind;
import dev.tether.security.TimeLimitedLinks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A reusable link (setup, portal) works for the browser that opened it first and for no other. */
@QuarkusTest
class TimeLimitedLinksTest {

    @Inject
    TimeLimitedLinks links;

    @Inject
    Directories directories;

    @Inject
    DataSource dataSource;

    @Test
    void aSetupLinkIsBoundToTheFirstBrowserAndAuditedInItsDirectory() throws SQLException {
        UUID directory = directories.create("Linked " + UUID.randomUUID()).id;
        var issued = links.issue(LinkKind.SETUP, directory, null, Cause.system());
        assertTrue(issued.token().startsWith("tl_") && issued.token().length() >= 46, "256 bits, url-safe");
        assertEquals(Duration.ofHours(24), Duration.between(issued.link().createdAt(), issued.link().expiresAt()));
        assertEquals(1L, Jdbc.query(dataSource, "SELECT count(*) FROM time_limited_links WHERE token_hash = sha256(?::bytea)",
                rs -> rs.getLong(1), issued.token()).get(0), "stored as SHA-256 of the token");

        Response first = given().redirects().follow(false).get("/link/" + issued.token());
        first.then().statusCode(200).body(containsString("/setup/" + issued.link().id()))
                .body(not(containsString(issued.token())));
        String cookieName = "tether-link-" + issued.link().id();
        String binding = first.getCookie(cookieName);
        assertTrue(first.getHeader("Set-Cookie").contains("HttpOnly") && first.getHeader("Set-Cookie").contains("SameSite=Strict"));

        given().cookie(cookieName, binding).get("/link/" + issued.token()).then().statusCode(200)
                .body(containsString("/setup/" + issued.link().id()));
        given().get("/link/" + issued.token()).then().statusCode(403)
                .body(containsString("already opened in another browser")).body(not(containsString(directory.toString())));
        given().cookie(cookieName, "tlb_forged").get("/link/" + issued.token()).then().statusCode(403);

        assertTrue(links.usable(issued.link().id(), LinkKind.SETUP, binding).isPresent());
        assertTrue(links.usable(issued.link().id(), LinkKind.PORTAL, binding).isEmpty(), "another kind");
        assertTrue(links.usable(issued.link().id(), LinkKind.SETUP, "tlb_forged").isEmpty());

        links.revoke(issued.link().id(), Cause.system());
        given().cookie(cookieName, binding).get("/link/" + issued.token()).then().statusCode(410);
        assertTrue(links.usable(issued.link().id(), LinkKind.SETUP, binding).isEmpty());

        assertEquals(List.of("link.create", "link.use", "link.revoke"), Jdbc.query(dataSource,
                "SELECT action FROM audit_records WHERE directory_id = ? AND target_id = ? ORDER BY id",
                rs -> rs.getString(1), directory, issued.link().id().toString()));
    }

    @Test
    void lifetimesAreBounded() {
        assertThrows(TimeLimitedLinks.LifetimeOutOfBounds.class,
                () -> links.issue(LinkKind.SETUP, UUID.randomUUID(), Duration.ofDays(8), Cause.system()));
        assertThrows(TimeLimitedLinks.LifetimeOutOfBounds.class,
                () -> links.issue(LinkKind.SETUP, UUID.randomUUID(), Duration.ZERO, Cause.system()));
        assertEquals(Duration.ofDays(7), links.lifetime(Duration.ofDays(7)));
    }
}
