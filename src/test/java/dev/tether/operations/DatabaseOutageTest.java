package dev.tether.operations;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.tether.events.WebhookReceiver;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.Management;
import dev.tether.testing.ScimDirectory;
import dev.tether.testing.TestDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * While PostgreSQL refuses connections, each API answers 503 with {@code Retry-After} in its own
 * format (a SCIM error, a problem detail) and the request id, not a 500; readiness goes down;
 * when the database is back, the same server answers again without a restart. The outage is made
 * by closing the database to new connections and ending the open ones, as a failover would.
 */
@QuarkusTest
class DatabaseOutageTest {

    @Inject
    AgroalDataSource pool;

    @Test
    void anOutageIs503WithRetryAfterAndTheServerRecoversOnItsOwn() throws Exception {
        ScimDirectory dir = ScimDirectory.create("outage");
        DataSource admin = TestDatabase.postgres().getDatabase("postgres", "template1");
        try {
            outage(admin, true);
            given().auth().oauth2(dir.token()).header("X-Request-Id", "outage-scim")
                    .get(dir.path("/Users"))
                    .then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .header("X-Request-Id", equalTo("outage-scim"))
                    .contentType(startsWith("application/scim+json"))
                    .body("status", equalTo("503"));
            given().auth().oauth2(AdminTokens.operator()).header("X-Request-Id", "outage-admin")
                    .get("/admin/v1/directories/" + dir.id())
                    .then().statusCode(503)
                    .header("Retry-After", notNullValue())
                    .header("X-Request-Id", equalTo("outage-admin"))
                    .contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(503));
            given().get(Management.at("/q/health/ready")).then().statusCode(503);
        } finally {
            outage(admin, false);
        }
        // the tests after this one share the pool: let none of them draw a connection the outage ended
        pool.flush(AgroalDataSource.FlushMode.ALL);
        WebhookReceiver.await(Duration.ofSeconds(30), "the server answers again", () ->
                given().auth().oauth2(dir.token()).get(dir.path("/Users")).statusCode() == 200);
        given().get(Management.at("/q/health/ready")).then().statusCode(200);
    }

    private static void outage(DataSource admin, boolean down) throws Exception {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE postgres ALLOW_CONNECTIONS " + !down);
            if (down) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = 'postgres' AND pid <> pg_backend_pid()");
            }
        }
    }
}
