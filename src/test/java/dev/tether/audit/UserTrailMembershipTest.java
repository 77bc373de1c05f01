package dev.tether.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.lineage.LineageApi;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user's trail holds the membership changes that name them and the revocations those caused. */
@QuarkusTest
class UserTrailMembershipTest {

    @Test
    void userTrailHoldsMembershipChangesAndTheirRevocations() {
        LineageApi api = LineageApi.create("audit-user-trail-members");
        String user = api.user("member-user");
        String bystander = api.user("member-bystander");
        String group = api.group("basis", user);
        api.group("other", bystander);
        String agent = api.agent("member-agent");
        String delegation = api.delegateFromUser(user, agent, List.of("read"), group);
        api.dir().scim().body(LineageApi.patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + user + "\\\"]\"}"))
                .patch(api.dir().path("/Groups/" + group)).then().statusCode(200);
        assertEquals("revoked", api.delegationStatus(delegation));

        List<JsonNode> trail = AuditApi.records(api.admin("/audit/trail/users/" + user));
        List<String> actions = AuditApi.actions(trail);
        List<JsonNode> memberships = trail.stream().filter(r -> r.get("action").asText().equals("group.members.change"))
                .toList();
        assertEquals(2, memberships.size(), actions.toString()); // added with the group, removed by the PATCH
        memberships.forEach(r -> assertEquals(group, r.at("/target/id").asText(), "not the bystander's group"));
        assertEquals(user, memberships.get(0).at("/details/added/0/id").asText());
        assertEquals(user, memberships.get(1).at("/details/removed/0/id").asText());
        assertTrue(trail.stream().anyMatch(r -> r.get("action").asText().equals("delegation.revoke")
                && r.at("/target/id").asText().equals(delegation) && r.at("/details/reason").asText().equals("mover")),
                actions.toString());
    }
}
