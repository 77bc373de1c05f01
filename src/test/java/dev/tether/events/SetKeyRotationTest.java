package dev.tether.events;

import static dev.tether.events.WebhookReceiver.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.nimbusds.jwt.SignedJWT;
import dev.tether.platform.JwtKeyFiles;
import dev.tether.testing.KeyPairs;
import dev.tether.testing.KeyRotationProfile;
import dev.tether.testing.ScimDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SET signing pair replaced under a running server, as a Kubernetes Secret update or an
 * operator's copy would: receivers see the new kid on the next SET and can verify it, and the
 * old one, with the JWKS they fetch.
 */
@QuarkusTest
@TestProfile(KeyRotationProfile.class)
class SetKeyRotationTest {

    @Test
    void nextSetIsSignedWithTheNewPairAndTheJwksKeepsTheOldKey() throws Exception {
        Path folder = KeyRotationProfile.ssfKeys();
        ScimDirectory dir = ScimDirectory.create("ssf-key-rotation");
        try (WebhookReceiver receiver = WebhookReceiver.started().respond(r -> WebhookReceiver.Reply.of(202))) {
            String subscription = Subscriptions.create(receiver.url(), "ssf", dir.id(), List.of("user.deactivated"))
                    .getString("id");
            String before = jwksKids().get(0);
            SignedJWT first = leaver(dir, receiver, "rotation.first");
            assertEquals(before, first.getHeader().getKeyID());

            // (a) a new pair: the next SET carries its kid; the JWKS lists it first and still the old key
            Path next = KeyPairs.newPair();
            KeyPairs.install(next, folder);
            await(Duration.ofSeconds(10), "the JWKS to list the new key", () -> jwksKids().get(0).equals(KeyPairs.kid(next)));
            SignedJWT second = leaver(dir, receiver, "rotation.second");
            assertEquals(KeyPairs.kid(next), second.getHeader().getKeyID());
            assertEquals(List.of(KeyPairs.kid(next), before), jwksKids());
            SsfDeliveryTest.verify(second.serialize());
            SsfDeliveryTest.verify(first.serialize()); // signed a moment before the switch: still verifiable

            // (c) a garbage key file: the last good pair keeps signing, and the log says which folder
            Files.writeString(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE), "-----BEGIN PRIVATE KEY-----\nnot-a-key-7f3a91\n");
            await(Duration.ofSeconds(10), "the warning about the unusable pair", () -> {
                jwksKids(); // a key in use is what makes the server look at the files
                return KeyRotationProfile.logHasLineWith("SET signing key pair in " + folder, "cannot be used");
            });
            assertFalse(KeyRotationProfile.logHasLineWith("not-a-key-7f3a91"), "key material is never logged");
            SignedJWT third = leaver(dir, receiver, "rotation.third");
            assertEquals(KeyPairs.kid(next), third.getHeader().getKeyID());
            SsfDeliveryTest.verify(third.serialize());

            // Pre-publishing: a key put in the additional-keys folder is in the JWKS before it signs anything.
            Path future = KeyPairs.newPair();
            Files.copy(KeyPairs.publicKey(future), KeyRotationProfile.ssfPublished().resolve("future.pem"));
            await(Duration.ofSeconds(10), "the JWKS to publish the future key",
                    () -> jwksKids().equals(List.of(KeyPairs.kid(next), before, KeyPairs.kid(future))));
            KeyPairs.install(future, folder);
            await(Duration.ofSeconds(10), "the switch to the future key", () -> jwksKids().get(0).equals(KeyPairs.kid(future)));
            // The previous signing key stays until the next change; the one before it is gone.
            assertEquals(List.of(KeyPairs.kid(future), KeyPairs.kid(next)), jwksKids());
            SignedJWT fourth = leaver(dir, receiver, "rotation.fourth");
            assertEquals(KeyPairs.kid(future), fourth.getHeader().getKeyID());
            SsfDeliveryTest.verify(fourth.serialize());
            SsfDeliveryTest.verify(third.serialize());

            Files.delete(KeyRotationProfile.ssfPublished().resolve("future.pem"));
            Subscriptions.delete(subscription);
        }
    }

    /** A leaver's user.deactivated, as the receiver got it. */
    private static SignedJWT leaver(ScimDirectory dir, WebhookReceiver receiver, String userName) throws Exception {
        int before = receiver.received().size();
        String id = WebhookDeliveryTest.createUser(dir, userName);
        dir.scim().body(EventFeedTest.patchActive(false)).patch(dir.path("/Users/" + id)).then().statusCode(200);
        await(Duration.ofSeconds(30), "the SET of " + userName, () -> receiver.received().size() > before);
        return SignedJWT.parse(receiver.received().get(before).body());
    }

    private static List<String> jwksKids() {
        return given().get(SsfTransmitterResource.JWKS_PATH).then().statusCode(200).extract().jsonPath().getList("keys.kid");
    }
}
