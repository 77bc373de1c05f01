package dev.tether.lineage;

import static dev.tether.lineage.LineageApi.patch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Leavers, movers, agent disables, expiry and manual revocations, each observed through the API. */
@QuarkusTest
class CascadeTest {

    @Inject
    RevocationRecorder recorder;

    @Inject
    ExpiryJob expiry;

    /** user → a → b, with a credential at each agent. */
    record Chain(LineageApi api, String user, String a, String b, String d1, String d2, String c1, String c2) {
        void assertAllRevoked(String reason) {
            assertEquals("revoked", api.delegationStatus(d1));
            assertEquals("revoked", api.delegationStatus(d2));
            assertEquals("revoked", api.credentialStatus(c1));
            assertEquals("revoked", api.credentialStatus(c2));
            assertEquals(false, api.agentActive(a));
            assertEquals(false, api.agentActive(b));
            LineageApi.integration().get(api.admin("/credentials/" + c2)).then().body("reason", org.hamcrest.Matchers.equalTo(reason));
        }
    }

    static Chain chain(String name) {
        LineageApi api = LineageApi.create(name);
        String user = api.user(name + "-user");
        String a = api.agent(name + "-a");
        String b = api.agent(name + "-b");
        String d1 = api.delegateFromUser(user, a, List.of("read", "write"));
        String d2 = api.delegateFromAgent(a, b, List.of("read"));
        return new Chain(api, user, a, b, d1, d2, api.credential(a, d1, name + "-k1"), api.credential(b, d2, name + "-k2"));
    }

    @Test
    void entraStringFalseIsALeaver() {
        Chain c = chain("entra-leaver");
        c.api().dir().scim().body(patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                .patch(c.api().dir().path("/Users/" + c.user())).then().statusCode(200);
        c.assertAllRevoked("leaver");
        UUID d2 = UUID.fromString(c.d2());
        RevocationEvent fact = recorder.revocations().stream()
                .filter(e -> e.kind() == RevocationEvent.Kind.CREDENTIAL_REVOKED && d2.equals(e.delegationId()))
                .findFirst().orElseThrow(() -> new AssertionError("no credential revocation under " + d2 + " in "
                        + recorder.revocations()));
        assertEquals(UUID.fromString(c.user()), fact.rootUserId());
        assertEquals(UUID.fromString(c.b()), fact.agentId());
        assertEquals(RevocationReason.LEAVER, fact.reason());
    }

    @Test
    void oktaNoPathReplaceIsALeaver() {
        Chain c = chain("okta-leaver");
        c.api().dir().scim().body(patch("{\"op\":\"replace\",\"value\":{\"id\":\"" + c.user() + "\",\"active\":false}}"))
                .patch(c.api().dir().path("/Users/" + c.user())).then().statusCode(200);
        c.assertAllRevoked("leaver");
    }

    @Test
    void putInactiveIsALeaver() {
        Chain c = chain("put-leaver");
        c.api().dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", "put-leaver-user", "active", false)).put(c.api().dir().path("/Users/" + c.user()))
                .then().statusCode(200);
        c.assertAllRevoked("leaver");
    }

    @Test
    void deleteIsALeaverAndRejoinRestoresNothing() {
        Chain c = chain("delete-leaver");
        c.api().dir().scim().delete(c.api().dir().path("/Users/" + c.user())).then().statusCode(204);
        c.assertAllRevoked("leaver");

        Chain r = chain("rejoiner");
        r.api().dir().scim().body(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(r.api().dir().path("/Users/" + r.user())).then().statusCode(200);
        r.api().dir().scim().body(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":true}"))
                .patch(r.api().dir().path("/Users/" + r.user())).then().statusCode(200);
        r.assertAllRevoked("leaver");
    }

    @Test
    void agentWithAnotherSponsorSurvivesALeaver() {
        LineageApi api = LineageApi.create("two-sponsors");
        String u1 = api.user("u1");
        String u2 = api.user("u2");
        String a = api.agent("shared");
        String d1 = api.delegateFromUser(u1, a, List.of("read"));
        String d2 = api.delegateFromUser(u2, a, List.of("read"));
        String k1 = api.credential(a, d1, "k1");
        String k2 = api.credential(a, d2, "k2");
        api.dir().scim().delete(api.dir().path("/Users/" + u1)).then().statusCode(204);
        assertEquals("revoked", api.credentialStatus(k1));
        assertEquals("active", api.credentialStatus(k2));
        assertEquals(true, api.agentActive(a));
    }

    /** user in group g (directly) and h (nested in g); one delegation rests on g, one on nothing. */
    record Mover(LineageApi api, String user, String g, String agentOnG, String agentFree, String onG, String free,
            String credOnG, String credFree) {
        void assertOnlyBasisRevoked() {
            assertEquals("revoked", api.delegationStatus(onG));
            assertEquals("revoked", api.credentialStatus(credOnG));
            assertEquals(false, api.agentActive(agentOnG));
            assertEquals("active", api.delegationStatus(free));
            assertEquals("active", api.credentialStatus(credFree));
            assertEquals(true, api.agentActive(agentFree));
            LineageApi.integration().get(api.admin("/delegations/" + onG)).then()
                    .body("reason", org.hamcrest.Matchers.equalTo("mover"));
        }
    }

    @Test
    void deletingAUserInABasisGroupIsALeaverNotAMover() {
        Mover m = mover("delete-basis", false);
        m.api().dir().scim().delete(m.api().dir().path("/Users/" + m.user())).then().statusCode(204);
        for (String delegation : List.of(m.onG(), m.free())) {
            assertEquals("revoked", m.api().delegationStatus(delegation));
            LineageApi.integration().get(m.api().admin("/delegations/" + delegation)).then()
                    .body("reason", org.hamcrest.Matchers.equalTo("leaver"));
        }
    }

    static Mover mover(String name, boolean nested) {
        LineageApi api = LineageApi.create(name);
        String user = api.user(name + "-user");
        String g;
        if (nested) {
            String h = api.group(name + "-h", user);
            g = api.group(name + "-g", h);
        } else {
            g = api.group(name + "-g", user);
        }
        String a = api.agent(name + "-a");
        String f = api.agent(name + "-f");
        String onG = api.delegateFromUser(user, a, List.of("read"), g);
        String free = api.delegateFromUser(user, f, List.of("read"));
        return new Mover(api, user, g, a, f, onG, free, api.credential(a, onG, name + "-kg"),
                api.credential(f, free, name + "-kf"));
    }

    @Test
    void moverByPatchRemove() {
        Mover m = mover("mover-patch", false);
        m.api().dir().scim().body(patch("{\"op\":\"Remove\",\"path\":\"members[value eq \\\"" + m.user() + "\\\"]\"}"))
                .patch(m.api().dir().path("/Groups/" + m.g())).then().statusCode(200);
        m.assertOnlyBasisRevoked();
    }

    @Test
    void moverByPutWithANewMemberList() {
        Mover m = mover("mover-put", false);
        String other = m.api().user("someone-else");
        m.api().dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                "displayName", "mover-put-g", "members", List.of(Map.of("value", other))))
                .put(m.api().dir().path("/Groups/" + m.g())).then().statusCode(200);
        m.assertOnlyBasisRevoked();
    }

    @Test
    void moverByGroupDelete() {
        Mover m = mover("mover-delete", false);
        m.api().dir().scim().delete(m.api().dir().path("/Groups/" + m.g())).then().statusCode(204);
        m.assertOnlyBasisRevoked();
    }

    @Test
    void moverByNestedGroupRemoval() {
        Mover m = mover("mover-nested", true);
        m.api().dir().scim().body(patch("{\"op\":\"remove\",\"path\":\"members\"}"))
                .patch(m.api().dir().path("/Groups/" + m.g())).then().statusCode(200);
        m.assertOnlyBasisRevoked();
    }

    @Test
    void stayingInTheGroupThroughNestingKeepsTheDelegation() {
        LineageApi api = LineageApi.create("mover-still-in");
        String user = api.user("still");
        String h = api.group("h", user);
        String g = api.group("g", user, h);
        String a = api.agent("a");
        String d = api.delegateFromUser(user, a, List.of("read"), g);
        api.dir().scim().body(patch("{\"op\":\"Remove\",\"path\":\"members[value eq \\\"" + user + "\\\"]\"}"))
                .patch(api.dir().path("/Groups/" + g)).then().statusCode(200);
        assertEquals("active", api.delegationStatus(d));
    }

    @Test
    void agentDisabledRevokesItsCredentialsAndWhatItDelegated() {
        Chain c = chain("agent-disable");
        c.api().dir().scim().body(patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                .patch(c.api().dir().path("/Agents/" + c.a())).then().statusCode(200);
        c.assertAllRevoked("agent_disabled");

        Chain d = chain("agent-delete");
        d.api().dir().scim().delete(d.api().dir().path("/Agents/" + d.a())).then().statusCode(204);
        assertEquals("revoked", d.api().credentialStatus(d.c1()));
        assertEquals("revoked", d.api().credentialStatus(d.c2()));
        assertEquals(false, d.api().agentActive(d.b()));
    }

    @Test
    void expiryRevokesWithTheSameCascade() throws InterruptedException {
        LineageApi api = LineageApi.create("expiry");
        String user = api.user("u");
        String a = api.agent("a");
        String b = api.agent("b");
        String d = api.grant(Map.of("delegator", Map.of("type", "User", "id", user), "agentId", a,
                "scopes", List.of("read"), "expiresAt", OffsetDateTime.now().plusSeconds(2).toString()))
                .then().statusCode(201).extract().path("id");
        String sub = api.delegateFromAgent(a, b, List.of("read"));
        String kb = api.credential(b, sub, "kb");
        String lasting = api.delegateFromUser(user, api.agent("c"), List.of("read"));
        String shortLived = LineageApi.integration().body(Map.of("agentId", a, "delegationId", d, "kind", "token",
                "externalId", "jti-1", "audience", "aud", "expiresAt", OffsetDateTime.now().plusSeconds(2).toString()))
                .post(api.admin("/credentials")).then().statusCode(201).extract().path("id");
        expiry.revokeExpired();
        assertEquals("active", api.delegationStatus(d));
        Thread.sleep(2100);
        // the scheduled round may hold the job's lock at this moment: try again until this call runs a round
        for (int tries = 0; !expiry.revokeExpired(); tries++) {
            assertTrue(tries < 100, "the expiry job's lock was never free");
            Thread.sleep(50);
        }
        assertEquals("revoked", api.delegationStatus(d));
        assertEquals("revoked", api.delegationStatus(sub));
        assertEquals("revoked", api.credentialStatus(kb));
        assertEquals("revoked", api.credentialStatus(shortLived));
        assertEquals(false, api.agentActive(b));
        assertEquals("active", api.delegationStatus(lasting));
        LineageApi.integration().get(api.admin("/delegations/" + d)).then().body("reason", org.hamcrest.Matchers.equalTo("expired"));
    }

    @Test
    void manualRevocationCascadesBelowTheDelegation() {
        Chain c = chain("manual");
        LineageApi.integration().delete(c.api().admin("/delegations/" + c.d1())).then().statusCode(204);
        c.assertAllRevoked("manual");
        Chain k = chain("manual-credential");
        LineageApi.integration().delete(k.api().admin("/credentials/" + k.c1())).then().statusCode(204);
        assertEquals("revoked", k.api().credentialStatus(k.c1()));
        assertEquals("active", k.api().credentialStatus(k.c2()));
        LineageApi.integration().delete(k.api().admin("/credentials/" + UUID.randomUUID())).then().statusCode(404);
    }
}
