package dev.tether.lineage;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Random graphs of users, groups, agents, delegations and credentials, built and torn down
 * through the real HTTP API (joiner, mover, leaver, rejoiner, agent disable, expiry, manual
 * revocations, recertification answers, lapses past reviewBy and campaigns' no-answer
 * revocations), compared after every step with {@link Model}, an independent plain-Java model:
 * a credential is active while its delegation is, and a delegation while nothing upstream
 * of it has been cut. Seeded: a failure names the case's seed, which replays it.
 */
@QuarkusTest
class LineageReferenceModelTest {

    static final int CASES = Integer.getInteger("lineage-model.cases", 500);
    static final long BASE_SEED = Long.getLong("lineage-model.seed", 20261128L);

    @Inject
    ExpiryJob expiry;

    @Inject
    DataSource dataSource;

    @Inject
    dev.tether.reviews.ReviewJob reviews;

    /** The reference: plain sets and maps, no SQL, no shared code with the server. */
    static final class Model {
        final Map<String, Boolean> userActive = new HashMap<>();
        final Map<String, Set<String>> directGroups = new HashMap<>(); // member -> groups it is directly in
        final Map<String, Boolean> agentActive = new HashMap<>();
        final Map<String, String[]> delegations = new HashMap<>(); // id -> {delegatorType, delegator, agent, basis|null}
        final Set<String> activeDelegations = new HashSet<>();
        final Map<String, String[]> credentials = new HashMap<>(); // id -> {agent, delegation}
        final Set<String> activeCredentials = new HashSet<>();

        Set<String> groupsOf(String member) {
            Set<String> out = new HashSet<>();
            List<String> todo = new ArrayList<>(directGroups.getOrDefault(member, Set.of()));
            while (!todo.isEmpty()) {
                String g = todo.remove(todo.size() - 1);
                if (out.add(g)) {
                    todo.addAll(directGroups.getOrDefault(g, Set.of()));
                }
            }
            return out;
        }

        /** Revokes the seeds, then suspends every agent left without an active incoming delegation, to any depth. */
        void revoke(Set<String> seeds, String forcedAgent) {
            Set<String> touched = new HashSet<>();
            List<String> queue = new ArrayList<>(seeds);
            if (forcedAgent != null) {
                suspend(forcedAgent, queue);
            }
            while (!queue.isEmpty()) {
                String d = queue.remove(0);
                if (!activeDelegations.remove(d)) {
                    continue;
                }
                credentials.forEach((id, c) -> {
                    if (c[1].equals(d)) {
                        activeCredentials.remove(id);
                    }
                });
                String agent = delegations.get(d)[2];
                touched.add(agent);
                boolean supported = activeDelegations.stream().anyMatch(x -> delegations.get(x)[2].equals(agent));
                if (!supported && !agent.equals(forcedAgent)) {
                    agentActive.put(agent, false);
                    suspend(agent, queue);
                }
            }
        }

        private void suspend(String agent, List<String> queue) {
            credentials.forEach((id, c) -> {
                if (c[0].equals(agent)) {
                    activeCredentials.remove(id);
                }
            });
            for (String x : activeDelegations) {
                String[] d = delegations.get(x);
                if (d[0].equals("Agent") && d[1].equals(agent)) {
                    queue.add(x);
                }
            }
        }

        void leaver(String user) {
            userActive.put(user, false);
            Set<String> seeds = new HashSet<>();
            for (String x : activeDelegations) {
                String[] d = delegations.get(x);
                if (d[0].equals("User") && d[1].equals(user)) {
                    seeds.add(x);
                }
            }
            revoke(seeds, null);
        }

        void recheckBasis() {
            Set<String> seeds = new HashSet<>();
            for (String x : activeDelegations) {
                String[] d = delegations.get(x);
                if (d[3] != null && !groupsOf(d[1]).contains(d[3])) {
                    seeds.add(x);
                }
            }
            revoke(seeds, null);
        }

        void agentDisabled(String agent) {
            agentActive.put(agent, false);
            Set<String> seeds = new HashSet<>();
            for (String x : activeDelegations) {
                String[] d = delegations.get(x);
                if (d[2].equals(agent) || (d[0].equals("Agent") && d[1].equals(agent))) {
                    seeds.add(x);
                }
            }
            revoke(seeds, agent);
        }
    }

    @Test
    void activeCredentialsMatchTheReferenceModel() throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            try {
                runCase(new Random(seed), "model-" + seed);
            } catch (AssertionError e) {
                throw new AssertionError("case with seed " + seed + " (replay: -Dlineage-model.seed=" + seed
                        + " -Dlineage-model.cases=1): " + e.getMessage(), e);
            }
        }
    }

    void runCase(Random random, String name) throws Exception {
        LineageApi api = LineageApi.create(name);
        Model model = new Model();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 2 + random.nextInt(2); i++) {
            String u = api.user("u" + i);
            users.add(u);
            model.userActive.put(u, true);
        }
        // g0 holds some users; g1 holds some users and sometimes is nested in g0
        List<String> groups = new ArrayList<>();
        for (int gi = 0; gi < 2; gi++) {
            List<String> members = new ArrayList<>();
            for (String u : users) {
                if (random.nextBoolean()) {
                    members.add(u);
                }
            }
            String g = api.group("g" + gi, members.toArray(new String[0]));
            groups.add(g);
            for (String m : members) {
                model.directGroups.computeIfAbsent(m, k -> new HashSet<>()).add(g);
            }
        }
        if (random.nextBoolean()) {
            addMember(api, groups.get(0), groups.get(1));
            model.directGroups.computeIfAbsent(groups.get(1), k -> new HashSet<>()).add(groups.get(0));
        }
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 3 + random.nextInt(2); i++) {
            String a = api.agent("a" + i);
            agents.add(a);
            model.agentActive.put(a, true);
        }
        for (int i = 0; i < 4 + random.nextInt(4); i++) {
            grant(api, model, random, users, agents, groups);
        }
        compare(api, model);
        int steps = 3 + random.nextInt(4);
        for (int s = 0; s < steps; s++) {
            step(api, model, random, users, agents, groups);
            compare(api, model);
        }
    }

    void grant(LineageApi api, Model model, Random random, List<String> users, List<String> agents, List<String> groups) {
        boolean fromUser = random.nextInt(3) > 0;
        String delegator = fromUser ? pick(random, users) : pick(random, agents);
        String agent = pick(random, agents);
        String basis = fromUser && random.nextInt(3) == 0 ? pick(random, groups) : null;
        Map<String, Object> body = new HashMap<>();
        body.put("delegator", Map.of("type", fromUser ? "User" : "Agent", "id", delegator));
        body.put("agentId", agent);
        body.put("scopes", List.of());
        if (basis != null) {
            body.put("basisGroups", List.of(basis));
        }
        var response = api.grant(body);
        if (response.statusCode() == 201) {
            String id = response.path("id");
            model.delegations.put(id, new String[] {fromUser ? "User" : "Agent", delegator, agent, basis});
            model.activeDelegations.add(id);
            String credential = api.credential(agent, id, "k-" + id);
            model.credentials.put(credential, new String[] {agent, id});
            model.activeCredentials.add(credential);
        }
    }

    void step(LineageApi api, Model model, Random random, List<String> users, List<String> agents, List<String> groups)
            throws Exception {
        switch (random.nextInt(12)) {
            case 0 -> { // leaver, Entra style
                String u = pick(random, users);
                if (model.userActive.containsKey(u)) {
                    // the drill before it names exactly the credentials the leaver then revokes
                    List<String> drilled = given().auth().oauth2(AdminTokens.withGroups(AdminRoles.AUDITOR))
                            .get(api.admin("/users/" + u + "/leaver-drill")).then().statusCode(200)
                            .extract().jsonPath().getList("credentials", String.class);
                    Set<String> activeBefore = new HashSet<>(model.activeCredentials);
                    api.dir().scim().body(LineageApi.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                            .patch(api.dir().path("/Users/" + u)).then().statusCode(200);
                    if (model.userActive.get(u)) {
                        model.leaver(u);
                    }
                    activeBefore.removeAll(model.activeCredentials);
                    assertEquals(activeBefore, new HashSet<>(drilled), "the leaver drill of " + u);
                }
            }
            case 1 -> { // rejoiner: nothing comes back
                String u = pick(random, users);
                if (model.userActive.containsKey(u)) {
                    api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"value\":{\"active\":true}}"))
                            .patch(api.dir().path("/Users/" + u)).then().statusCode(200);
                    model.userActive.put(u, true);
                }
            }
            case 2 -> { // leaver by DELETE
                String u = pick(random, users);
                if (model.userActive.containsKey(u)) {
                    api.dir().scim().delete(api.dir().path("/Users/" + u)).then().statusCode(204);
                    model.userActive.remove(u);
                    model.directGroups.remove(u);
                    users.remove(u);
                    model.leaver(u);
                    model.userActive.remove(u);
                    if (users.isEmpty()) {
                        users.add(api.user("late-" + UUID.randomUUID()));
                        model.userActive.put(users.get(0), true);
                    }
                }
            }
            case 3 -> { // mover: a member removed from a group by PATCH
                String g = pick(random, groups);
                String u = pick(random, users);
                api.dir().scim().body(LineageApi.patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u + "\\\"]\"}"))
                        .patch(api.dir().path("/Groups/" + g)).then().statusCode(200);
                model.directGroups.getOrDefault(u, new HashSet<>()).remove(g);
                model.recheckBasis();
            }
            case 4 -> { // nested group removed, or members replaced by PUT
                if (random.nextBoolean()) {
                    api.dir().scim().body(LineageApi.patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\""
                            + groups.get(1) + "\\\"]\"}")).patch(api.dir().path("/Groups/" + groups.get(0)))
                            .then().statusCode(200);
                    model.directGroups.getOrDefault(groups.get(1), new HashSet<>()).remove(groups.get(0));
                } else {
                    String g = pick(random, groups);
                    String keep = pick(random, users);
                    api.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                            "displayName", "replaced", "members", List.of(Map.of("value", keep))))
                            .put(api.dir().path("/Groups/" + g)).then().statusCode(200);
                    model.directGroups.forEach((m, gs) -> gs.remove(g));
                    model.directGroups.computeIfAbsent(keep, k -> new HashSet<>()).add(g);
                }
                model.recheckBasis();
            }
            case 5 -> { // agent disabled through SCIM
                String a = pick(random, agents);
                api.dir().scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                        .patch(api.dir().path("/Agents/" + a)).then().statusCode(200);
                if (model.agentActive.get(a)) {
                    model.agentDisabled(a);
                }
            }
            case 6 -> { // expiry: the clock passes one delegation's expiresAt
                if (!model.activeDelegations.isEmpty()) {
                    String d = pick(random, new ArrayList<>(new TreeSet<>(model.activeDelegations)));
                    try (Connection c = dataSource.getConnection();
                            PreparedStatement ps = c.prepareStatement(
                                    "UPDATE delegations SET expires_at = now() - interval '1 second' WHERE id = ?")) {
                        ps.setObject(1, UUID.fromString(d));
                        ps.executeUpdate();
                    }
                    expiry.revokeExpired();
                    model.revoke(Set.of(d), null);
                }
            }
            case 7 -> { // manual revocation of a delegation or a credential
                if (random.nextBoolean() && !model.delegations.isEmpty()) {
                    String d = pick(random, new ArrayList<>(new TreeSet<>(model.delegations.keySet())));
                    LineageApi.integration().delete(api.admin("/delegations/" + d)).then().statusCode(204);
                    model.revoke(Set.of(d), null);
                } else if (!model.credentials.isEmpty()) {
                    String c = pick(random, new ArrayList<>(new TreeSet<>(model.credentials.keySet())));
                    LineageApi.integration().delete(api.admin("/credentials/" + c)).then().statusCode(204);
                    model.activeCredentials.remove(c);
                }
            }
            case 9 -> { // a reviewer answers for one delegation: approve keeps it (and it does not lapse), revoke cascades
                if (!model.activeDelegations.isEmpty()) {
                    String d = pick(random, new ArrayList<>(new TreeSet<>(model.activeDelegations)));
                    String campaign = campaign(api, model.delegations.get(d)[2], "P1D");
                    var item = LineageApi.integration().get(api.admin("/reviews/" + campaign + "/items")).then()
                            .statusCode(200).extract().jsonPath();
                    String itemId = item.getString("find { it.delegationId == '" + d + "' }.id");
                    List<String> reviewers = item.getList("find { it.delegationId == '" + d + "' }.reviewers.id");
                    if (!reviewers.isEmpty()) {
                        boolean approve = random.nextBoolean();
                        LineageApi.integration().body(Map.of("decision", approve ? "approve" : "revoke",
                                "justification", "model", "reviewer", reviewers.get(0)))
                                .post(api.admin("/reviews/" + campaign + "/items/" + itemId + "/decision"))
                                .then().statusCode(200);
                        if (approve) {
                            expiry.revokeExpired(); // an approved delegation's reviewBy lies ahead
                        } else {
                            model.revoke(Set.of(d), null);
                        }
                    }
                }
            }
            case 10 -> { // lapse: the clock passes one delegation's reviewBy with no approval
                if (!model.activeDelegations.isEmpty()) {
                    String d = pick(random, new ArrayList<>(new TreeSet<>(model.activeDelegations)));
                    try (Connection c = dataSource.getConnection();
                            PreparedStatement ps = c.prepareStatement(
                                    "UPDATE delegations SET review_by = now() - interval '1 second' WHERE id = ?")) {
                        ps.setObject(1, UUID.fromString(d));
                        ps.executeUpdate();
                    }
                    expiry.revokeExpired();
                    model.revoke(Set.of(d), null);
                }
            }
            case 11 -> { // a campaign over one agent's delegations reaches its dueAt unanswered: revoke them all
                String a = pick(random, agents);
                Set<String> selected = new HashSet<>();
                for (String x : model.activeDelegations) {
                    if (model.delegations.get(x)[2].equals(a)) {
                        selected.add(x);
                    }
                }
                String campaign = campaign(api, a, "PT1H");
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps = c.prepareStatement(
                                "UPDATE review_campaigns SET due_at = now() - interval '1 second' WHERE id = ?")) {
                    ps.setObject(1, UUID.fromString(campaign));
                    ps.executeUpdate();
                }
                reviews.run();
                model.revoke(selected, null);
            }
            default -> grant(api, model, random, users, agents, groups); // joiner of a grant
        }
    }

    /** A campaign over the agent's active delegations, no answer meaning revoke, due after {@code in}. */
    static String campaign(LineageApi api, String agent, String in) {
        String due = java.time.Instant.now().plus(java.time.Duration.parse(in)).toString();
        return LineageApi.integration().body(Map.of("name", "model", "select", Map.of("agentIds", List.of(agent)),
                "dueAt", due, "onNoAnswer", "revoke")).post(api.admin("/reviews")).then().statusCode(201)
                .extract().path("id");
    }

    static void addMember(LineageApi api, String group, String member) {
        api.dir().scim().body(LineageApi.patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + member
                + "\"}]}")).patch(api.dir().path("/Groups/" + group)).then().statusCode(200);
    }

    static void compare(LineageApi api, Model model) {
        List<String> credentials = LineageApi.integration().queryParam("status", "active")
                .get(api.admin("/credentials")).then().statusCode(200).extract().path("id");
        assertEquals(new TreeSet<>(model.activeCredentials), new TreeSet<>(credentials), "active credentials");
        List<String> delegations = LineageApi.integration().queryParam("status", "active")
                .get(api.admin("/delegations")).then().statusCode(200).extract().path("id");
        assertEquals(new TreeSet<>(model.activeDelegations), new TreeSet<>(delegations), "active delegations");
    }

    static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
