package dev.tether.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.lineage.ExpiryJob;
import dev.tether.lineage.LineageApi;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Random graphs of users, groups, agents, delegations (scopes narrowing down the chain, audiences)
 * and credentials, changed through the real HTTP API by random joiners, movers, leavers,
 * rejoiners, agent disables, expiries (before and after the expiry job) and manual revocations;
 * after every step every question an enforcement point could ask about them is put to the
 * decision point in one evaluations batch and compared with {@link Model}, a plain-Java
 * reference that shares no code with the server. Seeded: a failure names its seed.
 */
@QuarkusTest
class AuthZenReferenceModelTest {

    static final int CASES = Integer.getInteger("authzen-model.cases", 60);
    static final long BASE_SEED = Long.getLong("authzen-model.seed", 20261207L);
    static final List<String> ACTIONS = List.of("read", "write", "pay");
    static final List<String> AUDIENCES = List.of("aud-1", "aud-2");

    @Inject
    ExpiryJob expiry;

    @Inject
    DataSource dataSource;

    /** A delegation as the model holds it. */
    record Grant(String delegatorType, String delegator, String agent, String parent, Set<String> scopes, String audience,
            String basis) {
    }

    /** A credential as the model holds it. */
    record Key(String agent, String delegation, String externalId, String audience) {
    }

    /** The reference: sets and maps, the cascade as the design states it, and the permit rule as the issue states it. */
    static final class Model {
        final Map<String, Boolean> userActive = new HashMap<>();
        final Map<String, Set<String>> directGroups = new HashMap<>();
        final Map<String, Boolean> agentActive = new HashMap<>();
        final Map<String, Grant> delegations = new LinkedHashMap<>();
        final Set<String> activeDelegations = new HashSet<>();
        final Set<String> expiredDelegations = new HashSet<>();
        final Map<String, Key> credentials = new LinkedHashMap<>();
        final Set<String> activeCredentials = new HashSet<>();
        final Set<String> expiredCredentials = new HashSet<>();

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

        void revoke(Set<String> seeds, String forcedAgent) {
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
                    if (c.delegation().equals(d)) {
                        activeCredentials.remove(id);
                    }
                });
                String agent = delegations.get(d).agent();
                boolean supported = activeDelegations.stream().anyMatch(x -> delegations.get(x).agent().equals(agent));
                if (!supported && !agent.equals(forcedAgent)) {
                    agentActive.put(agent, false);
                    suspend(agent, queue);
                }
            }
        }

        private void suspend(String agent, List<String> queue) {
            credentials.forEach((id, c) -> {
                if (c.agent().equals(agent)) {
                    activeCredentials.remove(id);
                }
            });
            for (String x : activeDelegations) {
                Grant d = delegations.get(x);
                if (d.delegatorType().equals("Agent") && d.delegator().equals(agent)) {
                    queue.add(x);
                }
            }
        }

        void leaver(String user) {
            userActive.put(user, false);
            Set<String> seeds = new HashSet<>();
            for (String x : activeDelegations) {
                Grant d = delegations.get(x);
                if (d.delegatorType().equals("User") && d.delegator().equals(user)) {
                    seeds.add(x);
                }
            }
            revoke(seeds, null);
        }

        void recheckBasis() {
            Set<String> seeds = new HashSet<>();
            for (String x : activeDelegations) {
                Grant d = delegations.get(x);
                if (d.basis() != null && !groupsOf(d.delegator()).contains(d.basis())) {
                    seeds.add(x);
                }
            }
            revoke(seeds, null);
        }

        void agentDisabled(String agent) {
            agentActive.put(agent, false);
            Set<String> seeds = new HashSet<>();
            for (String x : activeDelegations) {
                Grant d = delegations.get(x);
                if (d.agent().equals(agent) || (d.delegatorType().equals("Agent") && d.delegator().equals(agent))) {
                    seeds.add(x);
                }
            }
            revoke(seeds, agent);
        }

        /** The expiry job: everything past its expiry is revoked, with the cascade. */
        void expiryJob() {
            Set<String> seeds = new HashSet<>(expiredDelegations);
            seeds.retainAll(activeDelegations);
            expiredCredentials.forEach(activeCredentials::remove);
            revoke(seeds, null);
        }

        /** May the holder of this chain do {@code action} on {@code audience} now? */
        boolean chainPermits(String delegation, String action, String audience) {
            for (String d = delegation; d != null; d = delegations.get(d).parent()) {
                Grant g = delegations.get(d);
                if (!activeDelegations.contains(d) || expiredDelegations.contains(d)
                        || !agentActive.getOrDefault(g.agent(), false)
                        || (g.delegatorType().equals("User") && !userActive.getOrDefault(g.delegator(), false))
                        || (g.basis() != null && !groupsOf(g.delegator()).contains(g.basis()))
                        || !g.scopes().contains(action)
                        || (g.audience() != null && !g.audience().equals(audience))) {
                    return false;
                }
            }
            return true;
        }

        boolean agentPermits(String agent, String action, String audience) {
            return delegations.entrySet().stream().anyMatch(e -> e.getValue().agent().equals(agent)
                    && chainPermits(e.getKey(), action, audience));
        }

        boolean credentialPermits(String credential, String action, String audience) {
            Key k = credentials.get(credential);
            return activeCredentials.contains(credential) && !expiredCredentials.contains(credential)
                    && k.audience().equals(audience) && chainPermits(k.delegation(), action, audience);
        }
    }

    @Test
    void decisionsMatchTheReferenceModel() throws Exception {
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            try {
                runCase(new Random(seed), "authzen-model-" + seed);
            } catch (AssertionError e) {
                throw new AssertionError("case with seed " + seed + " (replay: -Dauthzen-model.seed=" + seed
                        + " -Dauthzen-model.cases=1): " + e.getMessage(), e);
            }
        }
    }

    void runCase(Random random, String name) throws Exception {
        AuthZenApi api = AuthZenApi.create(name);
        Model model = new Model();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 2 + random.nextInt(2); i++) {
            String u = api.lineage().user("u" + i);
            users.add(u);
            model.userActive.put(u, true);
        }
        List<String> groups = new ArrayList<>();
        for (int gi = 0; gi < 2; gi++) {
            List<String> members = new ArrayList<>();
            for (String u : users) {
                if (random.nextBoolean()) {
                    members.add(u);
                }
            }
            String g = api.lineage().group("g" + gi, members.toArray(new String[0]));
            groups.add(g);
            for (String m : members) {
                model.directGroups.computeIfAbsent(m, k -> new HashSet<>()).add(g);
            }
        }
        if (random.nextBoolean()) {
            api.lineage().dir().scim().body(LineageApi.patch("{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                    + groups.get(1) + "\"}]}")).patch(api.lineage().dir().path("/Groups/" + groups.get(0)))
                    .then().statusCode(200);
            model.directGroups.computeIfAbsent(groups.get(1), k -> new HashSet<>()).add(groups.get(0));
        }
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 3 + random.nextInt(2); i++) {
            String a = api.lineage().agent("a" + i);
            agents.add(a);
            model.agentActive.put(a, true);
        }
        for (int i = 0; i < 4 + random.nextInt(4); i++) {
            grant(api, model, random, users, agents, groups);
        }
        compare(api, model, agents);
        compareResourceSearch(api, model, agents, true);
        int steps = 3 + random.nextInt(4);
        for (int s = 0; s < steps; s++) {
            step(api, model, random, users, agents, groups);
            compare(api, model, agents);
            compareResourceSearch(api, model, agents, s == steps - 1);
        }
    }

    void grant(AuthZenApi api, Model model, Random random, List<String> users, List<String> agents, List<String> groups) {
        boolean fromUser = random.nextInt(3) > 0;
        String agent = pick(random, agents);
        String delegator;
        String parent = null;
        Set<String> scopes;
        String basis = null;
        if (fromUser) {
            delegator = pick(random, users);
            scopes = subset(random, new TreeSet<>(ACTIONS));
            basis = random.nextInt(3) == 0 ? pick(random, groups) : null;
        } else {
            delegator = pick(random, agents);
            List<String> held = model.activeDelegations.stream().filter(d -> model.delegations.get(d).agent().equals(delegator))
                    .sorted().toList();
            if (held.isEmpty() || delegator.equals(agent)) {
                return;
            }
            parent = pick(random, held);
            scopes = subset(random, model.delegations.get(parent).scopes());
        }
        String audience = random.nextInt(3) == 0 ? null : pick(random, AUDIENCES);
        Map<String, Object> body = new HashMap<>();
        body.put("delegator", Map.of("type", fromUser ? "User" : "Agent", "id", delegator));
        body.put("agentId", agent);
        body.put("scopes", new ArrayList<>(scopes));
        if (audience != null) {
            body.put("audience", audience);
        }
        if (parent != null) {
            body.put("parentDelegationId", parent);
        }
        if (basis != null) {
            body.put("basisGroups", List.of(basis));
        }
        var response = api.lineage().grant(body);
        if (response.statusCode() == 201) {
            String id = response.path("id");
            model.delegations.put(id, new Grant(fromUser ? "User" : "Agent", delegator, agent, parent, scopes, audience, basis));
            model.activeDelegations.add(id);
            String keyAudience = audience != null ? audience : pick(random, AUDIENCES);
            String externalId = "k-" + id;
            String credential = api.credential(agent, id, externalId, keyAudience);
            model.credentials.put(credential, new Key(agent, id, externalId, keyAudience));
            model.activeCredentials.add(credential);
        }
    }

    void step(AuthZenApi api, Model model, Random random, List<String> users, List<String> agents, List<String> groups)
            throws Exception {
        var dir = api.lineage().dir();
        switch (random.nextInt(10)) {
            case 0 -> { // leaver, Entra style
                String u = pick(random, users);
                dir.scim().body(LineageApi.patch("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}"))
                        .patch(dir.path("/Users/" + u)).then().statusCode(200);
                if (model.userActive.get(u)) {
                    model.leaver(u);
                }
            }
            case 1 -> { // rejoiner: active again, nothing comes back
                String u = pick(random, users);
                dir.scim().body(LineageApi.patch("{\"op\":\"replace\",\"value\":{\"active\":true}}"))
                        .patch(dir.path("/Users/" + u)).then().statusCode(200);
                model.userActive.put(u, true);
            }
            case 2 -> { // leaver by DELETE
                String u = pick(random, users);
                dir.scim().delete(dir.path("/Users/" + u)).then().statusCode(204);
                users.remove(u);
                model.directGroups.remove(u);
                model.leaver(u);
                model.userActive.remove(u);
                if (users.isEmpty()) {
                    String late = api.lineage().user("late-" + UUID.randomUUID());
                    users.add(late);
                    model.userActive.put(late, true);
                }
            }
            case 3 -> { // mover: out of a group
                String g = pick(random, groups);
                String u = pick(random, users);
                dir.scim().body(LineageApi.patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u + "\\\"]\"}"))
                        .patch(dir.path("/Groups/" + g)).then().statusCode(200);
                model.directGroups.getOrDefault(u, new HashSet<>()).remove(g);
                model.recheckBasis();
            }
            case 4 -> { // agent disabled through SCIM
                String a = pick(random, agents);
                dir.scim().body(LineageApi.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}"))
                        .patch(dir.path("/Agents/" + a)).then().statusCode(200);
                if (model.agentActive.get(a)) {
                    model.agentDisabled(a);
                }
            }
            case 5 -> { // a delegation or a credential passes its expiry; the job may not have run yet
                boolean delegation = random.nextBoolean();
                List<String> from = new ArrayList<>(new TreeSet<>(delegation ? model.delegations.keySet()
                        : model.credentials.keySet()));
                if (!from.isEmpty()) {
                    String id = pick(random, from);
                    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                            "UPDATE " + (delegation ? "delegations" : "credentials")
                                    + " SET expires_at = now() - interval '1 second' WHERE id = ? AND status = 'active'")) {
                        ps.setObject(1, UUID.fromString(id));
                        if (ps.executeUpdate() == 1) {
                            (delegation ? model.expiredDelegations : model.expiredCredentials).add(id);
                        }
                    }
                }
            }
            case 6 -> { // the expiry job runs
                expiry.revokeExpired();
                model.expiryJob();
            }
            case 7 -> { // manual revocation
                if (random.nextBoolean() && !model.delegations.isEmpty()) {
                    String d = pick(random, new ArrayList<>(new TreeSet<>(model.delegations.keySet())));
                    LineageApi.integration().delete(api.lineage().admin("/delegations/" + d)).then().statusCode(204);
                    model.revoke(Set.of(d), null);
                } else if (!model.credentials.isEmpty()) {
                    String c = pick(random, new ArrayList<>(new TreeSet<>(model.credentials.keySet())));
                    LineageApi.integration().delete(api.lineage().admin("/credentials/" + c)).then().statusCode(204);
                    model.activeCredentials.remove(c);
                }
            }
            default -> grant(api, model, random, users, agents, groups);
        }
    }

    /** Every agent × action × audience (and none), every credential × action × audience, in one batch. */
    static void compare(AuthZenApi api, Model model, List<String> agents) {
        List<Map<String, Object>> evaluations = new ArrayList<>();
        List<Boolean> expected = new ArrayList<>();
        List<String> described = new ArrayList<>();
        List<String> audiences = new ArrayList<>(AUDIENCES);
        audiences.add(null);
        for (String agent : agents) {
            for (String action : ACTIONS) {
                for (String audience : audiences) {
                    evaluations.add(AuthZenApi.question(agent, Map.of(), action, audience));
                    expected.add(model.agentPermits(agent, action, audience));
                    described.add("agent " + agent + " " + action + " on " + audience);
                }
            }
        }
        model.credentials.forEach((id, key) -> {
            for (String action : ACTIONS) {
                for (String audience : AUDIENCES) {
                    Map<String, Object> byId = AuthZenApi.question(key.agent(), Map.of("credential", Map.of("id", id)),
                            action, audience);
                    evaluations.add(byId);
                    expected.add(model.credentialPermits(id, action, audience));
                    described.add("credential " + id + " " + action + " on " + audience);
                    evaluations.add(Map.of("subject", Map.of("type", "credential", "id", key.externalId()),
                            "action", Map.of("name", action), "resource", AuthZenApi.resource(audience)));
                    expected.add(model.credentialPermits(id, action, audience));
                    described.add("credential handle " + key.externalId() + " " + action + " on " + audience);
                }
            }
        });
        List<Boolean> actual = AuthZenApi.pep().body(Map.of("evaluations", evaluations)).post(api.path("evaluations"))
                .then().statusCode(200).extract().path("evaluations.decision");
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            if (!Objects.equals(expected.get(i), actual.get(i))) {
                wrong.add(described.get(i) + ": model " + expected.get(i));
            }
        }
        assertEquals(List.of(), wrong, "decisions that disagree with the model");
    }

    /**
     * Resource search for every agent × action (and, when {@code credentials}, every credential by
     * id × action), one action paged a result at a time: the audiences the directory names on
     * which the model permits, in order.
     */
    static void compareResourceSearch(AuthZenApi api, Model model, List<String> agents, boolean credentials) {
        Set<String> known = new TreeSet<>();
        model.delegations.values().stream().map(Grant::audience).filter(Objects::nonNull).forEach(known::add);
        model.credentials.values().forEach(k -> known.add(k.audience()));
        List<String> wrong = new ArrayList<>();
        for (String action : ACTIONS) {
            for (String agent : agents) {
                List<String> expected = known.stream().filter(a -> model.agentPermits(agent, action, a)).toList();
                List<String> actual = searchResources(api, AuthZenApi.subject(agent, Map.of()), action,
                        action.equals(ACTIONS.get(0)) ? 1 : 10);
                if (!expected.equals(actual)) {
                    wrong.add("agent " + agent + " " + action + ": model " + expected + ", search " + actual);
                }
            }
            if (!credentials) {
                continue;
            }
            model.credentials.forEach((id, key) -> {
                List<String> expected = known.stream().filter(a -> model.credentialPermits(id, action, a)).toList();
                List<String> actual = searchResources(api, AuthZenApi.subject(key.agent(),
                        Map.of("credential", Map.of("id", id))), action, 10);
                if (!expected.equals(actual)) {
                    wrong.add("credential " + id + " " + action + ": model " + expected + ", search " + actual);
                }
            });
        }
        assertEquals(List.of(), wrong, "resource searches that disagree with the model");
    }

    static List<String> searchResources(AuthZenApi api, Map<String, Object> subject, String action, int limit) {
        List<String> found = new ArrayList<>();
        String token = "";
        do {
            Map<String, Object> body = new HashMap<>();
            body.put("subject", subject);
            body.put("action", Map.of("name", action));
            body.put("resource", Map.of("type", "api"));
            body.put("page", token.isEmpty() ? Map.of("limit", limit) : Map.of("limit", limit, "token", token));
            var response = AuthZenApi.pep().body(body).post(api.path("search/resource")).then().statusCode(200).extract();
            found.addAll(response.path("results.id"));
            token = response.path("page.next_token");
        } while (!token.isEmpty());
        return found;
    }

    static Set<String> subset(Random random, Set<String> from) {
        Set<String> out = new TreeSet<>();
        for (String s : from) {
            if (random.nextInt(3) > 0) {
                out.add(s);
            }
        }
        return out;
    }

    static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
