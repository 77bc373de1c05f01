package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.platform.EnvelopeKeyFolder;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.ScimDirectory;
import javax.sql.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Webhook signing secrets rest encrypted: what the database holds (a backup) reveals neither
 * the current nor the previous secret and cannot be opened without the key folder, while
 * deliveries are still signed with them. Rows written in clear before encryption are sealed
 * at start, and keep signing with the same secret.
 */
@QuarkusTest
class WebhookSecretsAtRestTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    DataSource db;

    @Inject
    WebhookSecretSealing sealing;

    @Test
    void currentAndPreviousSecretsAreEncryptedInTheDatabaseAndStillSign() throws Exception {
        ScimDirectory dir = ScimDirectory.create("secrets-at-rest");
        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            var created = Subscriptions.create(receiver.url(), "standard-webhooks", dir.id(), null);
            String subId = created.getString("id");
            String first = created.getString("secret");
            assertStoredSealed(subId, first, null);

            String second = given().auth().oauth2(AdminTokens.operator()).contentType(ContentType.JSON)
                    .body(Map.of("overlapSeconds", 3600))
                    .post("/admin/v1/subscriptions/{id}/rotate-secret", subId)
                    .then().statusCode(200).extract().path("secret");
            assertStoredSealed(subId, second, first);

            WebhookDeliveryTest.createUser(dir, "at.rest");
            await(WAIT, "delivered", () -> receiver.received().size() == 1);
            WebhookReceiver.Received got = receiver.received().get(0);
            assertTrue(StandardWebhooksVerifier.verifies(got, second), "signed with the current secret");
            assertTrue(StandardWebhooksVerifier.verifies(got, first), "and the previous one during the overlap");

            // a copy of the database without the key folder opens nothing
            String stored = column(subId, "secret");
            Path otherKeys = Files.createTempDirectory("other-webhook-keys");
            EnvelopeKeyFolder backupThief = EnvelopeKeyFolder.open("webhook secret", otherKeys, Duration.ofSeconds(30));
            assertThrows(EnvelopeKeyFolder.SealedValueException.class,
                    () -> backupThief.open(stored, "tether webhook signing secret|subscriptions|" + subId));
            Subscriptions.delete(subId);
        }
    }

    @Test
    void secretsStoredInClearBeforeEncryptionAreSealedAtStartAndKeepSigning() throws Exception {
        ScimDirectory dir = ScimDirectory.create("secrets-in-clear");
        try (WebhookReceiver receiver = WebhookReceiver.started()) {
            String subId = Subscriptions.create(receiver.url(), "standard-webhooks", dir.id(), null).getString("id");
            // as a server before encryption at rest wrote them
            String clear = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'c');
            String clearPrevious = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'd');
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE subscriptions SET secret = ?, previous_secret = ?, previous_secret_expires_at = now() + interval '1 hour' WHERE id = ?")) {
                ps.setString(1, clear);
                ps.setString(2, clearPrevious);
                ps.setObject(3, UUID.fromString(subId));
                ps.executeUpdate();
            }

            assertTrue(sealing.sealStoredSecrets() >= 2, "the clear values were sealed");
            assertStoredSealed(subId, clear, clearPrevious);
            assertEquals(0, sealing.sealStoredSecrets(), "a second run finds nothing to do");

            WebhookDeliveryTest.createUser(dir, "was.clear");
            await(WAIT, "delivered", () -> receiver.received().size() == 1);
            WebhookReceiver.Received got = receiver.received().get(0);
            assertTrue(StandardWebhooksVerifier.verifies(got, clear), "the same secret signs after sealing");
            assertTrue(StandardWebhooksVerifier.verifies(got, clearPrevious));
            Subscriptions.delete(subId);
        }
    }

    private void assertStoredSealed(String subId, String secret, String previous) throws Exception {
        for (String column : new String[] {"secret", "previous_secret"}) {
            String stored = column(subId, column);
            if (column.equals("previous_secret") && previous == null) {
                continue;
            }
            assertNotNull(stored, column);
            assertTrue(stored.startsWith("tenc1."), column + " is sealed: " + stored.substring(0, 6));
            for (String s : previous == null ? new String[] {secret} : new String[] {secret, previous}) {
                String key = s.substring("whsec_".length());
                assertFalse(stored.contains(key), column + " does not hold a secret in clear");
                assertFalse(stored.contains(Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(Base64.getDecoder().decode(key))), column + " nor its bytes");
            }
        }
        // nothing else in the row holds it either
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT s::text FROM subscriptions s WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(subId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertFalse(rs.getString(1).contains(secret.substring("whsec_".length())));
            }
        }
    }

    private String column(String subId, String column) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + ("secret".equals(column) ? "secret" : "previous_secret") + " FROM subscriptions WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(subId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
