package dev.tether.events;

import static dev.tether.lineage.LineageApi.patch;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Agents written through SCIM, delegations granted and credentials registered through the
 * integration API, and groups deleted with their members: each fact is an event in the pull
 * feed (and an audit record) exactly when its write committed.
 */
@QuarkusTest
class LineageEventsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    @Test
    void agentGrantAndCredentialAreEachPublishedAndAuditedOnce() throws Exception {
        LineageApi api = LineageApi.create("lineage-events-facts");
        String user = api.user("lineage-events-owner");
        String agent = api.agent("lineage-events-bot");
        String delegation = api.delegateFromUser(user, agent, List.of("read", "write"));
        String credential = api.credential(agent, delegation, "lineage-events-key-1");
        api.dir().scim().body(patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Bot\"}"))
                .patch(api.dir().path("/Agents/" + agent)).then().statusCode(200);
        // the same value again changes nothing a receiver could see
        api.dir().scim().body(patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Bot\"}"))
                .patch(api.dir().path("/Agents/" + agent)).then().statusCode(200);

        List<JsonNode> events = events(api.dir().id());
        assertEquals(List.of("user.created", "agent.created", "delegation.created", "credential.registered",
                "agent.updated"), types(events));
        JsonNode created = events.get(1);
        JsonNode granted = events.get(2);
        JsonNode registered = events.get(3);
        JsonNode updated = events.get(4);

        assertSubject(created, "Agent", agent, 1);
        assertEquals(agent, created.at("/data/agent/id").asText());
        assertEquals("lineage-events-bot", created.at("/data/agent/name").asText());
        assertTrue(strings(created.at("/data/changedAttributes")).containsAll(Set.of("name", "active")));

        assertSubject(updated, "Agent", agent, 2);
        assertEquals(List.of("displayName"), strings(updated.at("/data/changedAttributes")));
        assertEquals("Bot", updated.at("/data/agent/displayName").asText());

        assertSubject(granted, "Delegation", delegation, 1);
        JsonNode d = granted.at("/data/delegation");
        assertEquals(delegation, d.path("id").asText());
        assertEquals(Map.of("type", "User", "id", user), JSON.convertValue(d.path("delegator"), Map.class));
        assertEquals(agent, d.path("agentId").asText());
        assertEquals(user, d.path("rootUserId").asText());
        assertEquals(List.of("read", "write"), strings(d.path("scopes")));
        assertEquals("grant", d.path("kind").asText());
        assertEquals("active", d.path("status").asText());
        assertEquals(1, d.path("depth").asInt());
        assertEquals(Map.of("rootUserId", user, "delegationId", delegation, "agentId", agent),
                JSON.convertValue(granted.at("/data/chain"), Map.class));

        assertSubject(registered, "Credential", credential, 1);
        JsonNode c = registered.at("/data/credential");
        // exactly the handle Tether holds: nothing that could be a secret
        assertEquals(Set.of("id", "agentId", "delegationId", "kind", "externalId", "audience", "status", "createdAt"),
                fieldNames(c));
        assertEquals("api_key", c.path("kind").asText());
        assertEquals("lineage-events-key-1", c.path("externalId").asText());
        assertEquals(Map.of("rootUserId", user, "delegationId", delegation, "agentId", agent, "credentialId", credential),
                JSON.convertValue(registered.at("/data/chain"), Map.class));

        // one request, one txn; different requests, different txns
        assertEquals(5, events.stream().map(e -> e.path("txn").asText()).distinct().count());

        // and one audit record per fact, sharing the event's cause; the admin API's caller is the actor
        JsonNode grantRecord = onlyRecord(api.dir().id(), delegation);
        assertEquals("delegation.create", grantRecord.path("action").asText());
        assertEquals("admin", grantRecord.at("/actor/type").asText());
        assertEquals("test-operator", grantRecord.at("/actor/id").asText());
        assertEquals(granted.path("txn").asText(), grantRecord.path("cause").asText());
        assertEquals(user, grantRecord.at("/details/rootUser").asText());
        JsonNode credentialRecord = onlyRecord(api.dir().id(), credential);
        assertEquals("credential.register", credentialRecord.path("action").asText());
        assertEquals(registered.path("txn").asText(), credentialRecord.path("cause").asText());
        List<JsonNode> agentRecords = records(api.dir().id(), "target=" + agent);
        assertEquals(List.of("agent.create", "agent.update"),
                agentRecords.stream().map(r -> r.path("action").asText()).toList());
        assertEquals("scim_token", agentRecords.get(0).at("/actor/type").asText());
        assertEquals(List.of("displayName"), strings(agentRecords.get(1).at("/details/changedAttributes")));
        // the grant and the credential are on the owner's trail
        Set<String> trail = records(api.dir().id(), null, "/audit/trail/users/" + user).stream()
                .map(r -> r.path("action").asText()).collect(Collectors.toSet());
        assertTrue(trail.containsAll(Set.of("user.create", "delegation.create", "credential.register")), trail.toString());
    }

    @Test
    void disablingAnAgentUpdatesAndSuspendsIt() throws Exception {
        LineageApi api = LineageApi.create("lineage-events-disable");
        String owner = api.user("lineage-events-sponsor");
        String agent = api.agent("lineage-events-sponsored", owner);
        String sponsorship = LineageApi.integration().queryParam("agentId", agent).get(api.admin("/delegations"))
                .then().statusCode(200).extract().path("[0].id");
        String key = api.credential(agent, sponsorship, "lineage-events-sponsored-key");

        api.dir().scim().body(patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                .patch(api.dir().path("/Agents/" + agent)).then().statusCode(200);
        api.dir().scim().body(patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}"))
                .patch(api.dir().path("/Agents/" + agent)).then().statusCode(200);

        List<JsonNode> events = events(api.dir().id());
        assertEquals(List.of("user.created", "agent.created", "delegation.created", "credential.registered",
                "agent.updated", "agent.suspended", "delegation.revoked", "credential.revoked",
                "agent.updated"), types(events));
        // the owner's sponsor delegation is part of the agent's creation
        assertEquals(events.get(1).path("txn"), events.get(2).path("txn"));
        assertEquals("sponsor", events.get(2).at("/data/delegation/kind").asText());
        assertSubject(events.get(2), "Delegation", sponsorship, 1);

        // the disable: the document change, then its consequence, then the cascade, one txn
        JsonNode disabled = events.get(4);
        assertSubject(disabled, "Agent", agent, 2);
        assertEquals(List.of("active"), strings(disabled.at("/data/changedAttributes")));
        assertFalse(disabled.at("/data/agent/active").asBoolean(true));
        JsonNode suspended = events.get(5);
        assertSubject(suspended, "Agent", agent, 3);
        assertEquals("agent_disabled", suspended.at("/data/reason").asText());
        assertEquals(agent, suspended.at("/data/chain/agentId").asText());
        assertSubject(events.get(6), "Delegation", sponsorship, 2);
        assertSubject(events.get(7), "Credential", key, 2);
        for (int i = 5; i <= 7; i++) {
            assertEquals(disabled.path("txn"), events.get(i).path("txn"));
        }
        // re-enabling restores nothing: only the document changed
        assertSubject(events.get(8), "Agent", agent, 4);
        assertTrue(events.get(8).at("/data/agent/active").asBoolean());

        List<String> actions = records(api.dir().id(), "target=" + agent).stream().map(r -> r.path("action").asText())
                .toList();
        assertEquals(List.of("agent.create", "agent.update", "agent.suspend", "agent.update"), actions);
    }

    @Test
    void deletingAnAgentPublishesItsLastDocumentBeforeItsGroupExitsAndRevocations() throws Exception {
        LineageApi api = LineageApi.create("lineage-events-delete-agent");
        String user = api.user("lineage-events-delegator");
        String agent = api.agent("lineage-events-doomed");
        String group = api.group("lineage-events-crew", agent);
        String delegation = api.delegateFromUser(user, agent, List.of("read"));
        api.dir().scim().delete(api.dir().path("/Agents/" + agent)).then().statusCode(204);

        List<JsonNode> events = events(api.dir().id());
        List<JsonNode> deletion = events.subList(events.size() - 3, events.size());
        assertEquals(List.of("agent.deleted", "group.member_removed", "delegation.revoked"), types(deletion));
        JsonNode deleted = deletion.get(0);
        assertSubject(deleted, "Agent", agent, 2);
        assertEquals("lineage-events-doomed", deleted.at("/data/agent/name").asText());
        assertEquals(agent, deleted.at("/data/agent/id").asText());
        assertSubject(deletion.get(1), "Group", group, 3);
        assertEquals(agent, deletion.get(1).at("/data/member/id").asText());
        assertSubject(deletion.get(2), "Delegation", delegation, 2);
        assertEquals(1, deletion.stream().map(e -> e.path("txn").asText()).distinct().count());
        assertEquals("agent.delete", records(api.dir().id(), "target=" + agent).get(1).path("action").asText());
    }

    @Test
    void aRefusedWriteLeavesNoEventAndNoRecord() throws Exception {
        LineageApi api = LineageApi.create("lineage-events-refused");
        String user = api.user("lineage-events-refused-user");
        String agent = api.agent("lineage-events-refused-bot");
        String delegation = api.delegateFromUser(user, agent, List.of("read"));
        api.credential(agent, delegation, "lineage-events-taken");
        String group = api.group("lineage-events-refused-group");
        List<JsonNode> before = events(api.dir().id());
        int recordsBefore = records(api.dir().id(), "count=1000").size();

        // 400: the user is in no basis group; 400: a sponsor owner that is no user (after the agent row was written)
        api.grant(Map.of("delegator", Map.of("type", "User", "id", user), "agentId", agent, "basisGroups",
                List.of(group))).then().statusCode(400);
        api.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Agent"),
                "name", "lineage-events-orphan", "owners", List.of(Map.of("value", UUID.randomUUID().toString()))))
                .post(api.dir().path("/Agents")).then().statusCode(400);
        // 409: the handle is taken; 409: the agent name is taken
        api.issue(agent, delegation, "lineage-events-taken").then().statusCode(409);
        api.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Agent"),
                "name", "lineage-events-refused-bot")).post(api.dir().path("/Agents")).then().statusCode(409);
        // 409: a disabled agent can be granted nothing
        api.dir().scim().body(patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                .patch(api.dir().path("/Agents/" + agent)).then().statusCode(200);
        int afterDisable = events(api.dir().id()).size();
        int recordsAfterDisable = records(api.dir().id(), "count=1000").size();
        api.grant(Map.of("delegator", Map.of("type", "User", "id", user), "agentId", agent)).then().statusCode(409);

        List<JsonNode> after = events(api.dir().id());
        assertEquals(ids(before), ids(after.subList(0, before.size())));
        assertEquals(List.of("agent.updated", "agent.suspended", "delegation.revoked", "credential.revoked"),
                types(after.subList(before.size(), after.size())), "only the disable was published");
        assertEquals(afterDisable, after.size());
        assertEquals(recordsAfterDisable, records(api.dir().id(), "count=1000").size());
        assertEquals(recordsBefore + 4, recordsAfterDisable, "the disable's update, suspension and two revocations");
    }

    @Test
    void deletingAGroupRemovesEachDirectMemberInOneTransaction() throws Exception {
        LineageApi api = LineageApi.create("lineage-events-group-delete");
        String alice = api.user("lineage-events-alice");
        String agent = api.agent("lineage-events-member-bot");
        String inner = api.group("lineage-events-inner");
        String group = api.group("lineage-events-big", alice, agent, inner);
        String parent = api.group("lineage-events-parent", group);
        int bulk = 300;
        Set<String> members = new HashSet<>(List.of(alice, agent, inner));
        members.addAll(addUsersDirectly(UUID.fromString(api.dir().id()), UUID.fromString(group), bulk));
        int seen = events(api.dir().id()).size();

        api.dir().scim().delete(api.dir().path("/Groups/" + group)).then().statusCode(204);

        List<JsonNode> all = events(api.dir().id());
        assertEquals(seen + bulk + 5, all.size());
        List<JsonNode> deletion = all.subList(seen, all.size());
        assertEquals(1, deletion.stream().map(e -> e.path("txn").asText()).distinct().count(), "one write, one txn");
        // it leaves its parent, then each member leaves it, then it goes
        assertEquals("group.member_removed", deletion.get(0).path("type").asText());
        assertSubject(deletion.get(0), "Group", parent, 3);
        assertEquals(group, deletion.get(0).at("/data/member/id").asText());
        List<JsonNode> exits = deletion.subList(1, deletion.size() - 1);
        Set<String> left = new HashSet<>();
        long sequence = 4; // group.created, then one group.member_added per SCIM member (the rest came in by SQL)
        for (JsonNode e : exits) {
            assertEquals("group.member_removed", e.path("type").asText());
            assertSubject(e, "Group", group, ++sequence);
            assertEquals(group, e.at("/data/group/id").asText());
            left.add(e.at("/data/member/id").asText());
        }
        assertEquals(members, left);
        assertEquals(bulk + 3, exits.size());
        assertEquals(Set.of("User", "Agent", "Group"),
                exits.stream().map(e -> e.at("/data/member/type").asText()).collect(Collectors.toSet()));
        JsonNode deleted = deletion.get(deletion.size() - 1);
        assertEquals("group.deleted", deleted.path("type").asText());
        assertSubject(deleted, "Group", group, ++sequence);
    }

    /** Members straight in SQL: adding hundreds through SCIM would only slow the test down. */
    private List<String> addUsersDirectly(UUID directoryId, UUID groupId, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH u AS (
                    INSERT INTO users (id, directory_id, user_name, active, doc, version, created_at, last_modified)
                    SELECT gen_random_uuid(), ?, 'bulk-' || i, true, jsonb_build_object('userName', 'bulk-' || i),
                           1, now(), now()
                    FROM generate_series(1, ?) i RETURNING id)
                INSERT INTO group_members (directory_id, group_id, member_id, member_type)
                SELECT ?, ?, u.id, 'User' FROM u RETURNING member_id
                """)) {
            ps.setObject(1, directoryId);
            ps.setInt(2, n);
            ps.setObject(3, directoryId);
            ps.setObject(4, groupId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Every event of the directory, in feed order. */
    static List<JsonNode> events(String dir) throws Exception {
        dev.tether.testing.DirectoryRows.awaitFeedCaughtUp(dir);
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        while (true) {
            var request = given().auth().oauth2(AdminTokens.operator()).queryParam("limit", 1000);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonNode page = JSON.readTree(request.get("/admin/v1/directories/{dir}/events", dir)
                    .then().statusCode(200).extract().asString());
            if (page.path("events").isEmpty()) {
                return all;
            }
            page.path("events").forEach(all::add);
            after = page.path("next").asText();
        }
    }

    private static List<JsonNode> records(String dir, String query) throws Exception {
        return records(dir, query, "/audit");
    }

    private static List<JsonNode> records(String dir, String query, String path) throws Exception {
        String body = given().auth().oauth2(AdminTokens.operator())
                .get("/admin/v1/directories/" + dir + path + (query == null ? "" : "?" + query))
                .then().statusCode(200).extract().asString();
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(body).path("records").forEach(line -> out.add(line.path("record")));
        return out;
    }

    private static JsonNode onlyRecord(String dir, String target) throws Exception {
        List<JsonNode> found = records(dir, "target=" + target);
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    private static void assertSubject(JsonNode event, String type, String id, long sequence) {
        assertEquals(type, event.at("/subject/type").asText(), event.toString());
        assertEquals(id, event.at("/subject/id").asText(), event.toString());
        assertEquals(sequence, event.path("sequence").asLong(), event.toString());
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("id").asText()).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> out = new HashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
