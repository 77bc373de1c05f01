package dev.tether.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Plain JUnit: the SET event type of every Tether type, as README's SSF table lists it. */
class SetEventTypeMappingTest {

    static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    static final String TETHER = "https://tether.dev/secevent/event-type/";

    @Test
    void everyTypeHasItsSetEventType() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("user.deactivated", RISC + "account-disabled");
        expected.put("user.deleted", RISC + "account-disabled");
        expected.put("user.reactivated", RISC + "account-enabled");
        expected.put("delegation.created", CAEP + "session-established");
        expected.put("delegation.revoked", CAEP + "session-revoked");
        expected.put("credential.registered", CAEP + "credential-change");
        expected.put("credential.revoked", CAEP + "credential-change");
        for (String type : EventTypes.ALL) {
            expected.putIfAbsent(type, TETHER + type);
        }
        expected.put(EventTypes.TEST, "https://schemas.openid.net/secevent/ssf/event-type/verification");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), SecurityEventTokens.eventTypeUri(e.getKey()), e.getKey());
        }
    }

    @Test
    void aCertificateIsAnX509CredentialAndEveryOtherKindAnApp() {
        assertEquals("x509", SecurityEventTokens.credentialType(credentialEvent("certificate")));
        assertEquals("app", SecurityEventTokens.credentialType(credentialEvent("api_key")));
        assertEquals("app", SecurityEventTokens.credentialType(credentialEvent(null)));
    }

    private static StoredEvent credentialEvent(String kind) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        if (kind != null) {
            data.putObject("credential").put("kind", kind);
        }
        return new StoredEvent(UUID.randomUUID(), EventTypes.CREDENTIAL_REGISTERED, UUID.randomUUID(), "Credential",
                UUID.randomUUID(), 1, UUID.randomUUID(), Instant.now(), data, null);
    }
}
