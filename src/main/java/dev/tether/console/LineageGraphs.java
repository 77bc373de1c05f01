package dev.tether.console;

import dev.tether.console.LineageGraphLayout.Edge;
import dev.tether.console.LineageGraphLayout.Kind;
import dev.tether.console.LineageGraphLayout.Node;
import dev.tether.lineage.Credential;
import dev.tether.lineage.Delegation;
import dev.tether.lineage.LineageQueries;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns lineage reads into the nodes and edges {@link LineageGraphLayout} places: one node per
 * person, agent and credential (an agent reached by two grants is one node), one edge per
 * delegation (delegator to agent, labelled with its scopes and expiry) and per credential.
 * Plain Java over lineage's records.
 */
public final class LineageGraphs {

    /** At most this many nodes are drawn; the rest are summarised. */
    public static final int MAX_NODES = 200;

    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    /** Nodes and edges of one graph, and what each node is, for the details panel. */
    public record Graph(String root, List<Node> nodes, List<Edge> edges, Map<String, List<String>> details) {
    }

    private LineageGraphs() {
    }

    /**
     * The graph below a user.
     *
     * @param marked ids (delegations, credentials, agents) a leaver drill would revoke; empty for none
     */
    public static Graph forUser(UUID userId, String userName, String userStatus, List<LineageQueries.Node> tree,
            Set<UUID> marked) {
        Builder b = new Builder(userId.toString());
        b.node(new Node(userId.toString(), Kind.USER, userName, userStatus, false), List.of("User " + userName,
                "Status: " + userStatus, "Id: " + userId));
        for (LineageQueries.Node top : tree) {
            b.delegation(top, marked);
        }
        return b.graph();
    }

    /**
     * The graph of an agent: each chain from its root human down to it, and the agent's credentials.
     *
     * @param names the users' and agents' names by id, for the nodes of the chains; an id without one is shown short
     */
    public static Graph forAgent(UUID agentId, String agentName, String agentStatus, List<LineageQueries.Chain> chains,
            Map<UUID, String> names, List<Credential> credentials) {
        Builder b = new Builder(agentId.toString());
        b.node(new Node(agentId.toString(), Kind.AGENT, agentName, agentStatus, false),
                List.of("Agent " + agentName, "Status: " + agentStatus, "Id: " + agentId));
        String start = null;
        for (LineageQueries.Chain chain : chains) {
            UUID root = chain.rootUserId();
            String human = names.getOrDefault(root, shortId(root));
            if (start == null) {
                start = root.toString();
            }
            b.node(new Node(root.toString(), Kind.USER, human, "user", false), List.of("User " + human, "Id: " + root));
            // a chain is nearest first; draw it from the human down
            for (int i = chain.delegations().size() - 1; i >= 0; i--) {
                Delegation d = chain.delegations().get(i);
                String name = names.getOrDefault(d.agentId(), "agent " + shortId(d.agentId()));
                b.node(new Node(d.agentId().toString(), Kind.AGENT, name, "agent", false),
                        List.of("Agent " + name, "Id: " + d.agentId()));
                b.edge(d, Set.of());
            }
        }
        for (Credential c : credentials) {
            b.credential(c, Set.of());
        }
        Graph g = b.graph();
        return new Graph(start == null ? agentId.toString() : start, g.nodes(), g.edges(), g.details());
    }

    private static final class Builder {
        private final String root;
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final List<Edge> edges = new ArrayList<>();
        private final Map<String, List<String>> details = new LinkedHashMap<>();

        Builder(String root) {
            this.root = root;
        }

        void node(Node n, List<String> lines) {
            if (nodes.putIfAbsent(n.id(), n) == null) {
                details.put(n.id(), lines);
            }
        }

        void delegation(LineageQueries.Node n, Set<UUID> marked) {
            Delegation d = n.delegation();
            LineageQueries.AgentSummary a = n.agent();
            String name = a.name() == null ? "agent " + shortId(a.id()) : a.name();
            String status = !a.exists() ? "deleted" : a.active() ? "active" : "suspended";
            node(new Node(a.id().toString(), Kind.AGENT, name, status, marked.contains(a.id())),
                    List.of("Agent " + name, "Status: " + status, "Id: " + a.id()));
            edge(d, marked);
            for (Credential c : n.credentials()) {
                credential(c, marked);
            }
            for (LineageQueries.Node child : n.derived()) {
                delegation(child, marked);
            }
        }

        void edge(Delegation d, Set<UUID> marked) {
            String label = String.join(" ", d.scopes()) + expiry(d.expiresAt());
            edges.add(new Edge(d.delegatorId().toString(), d.agentId().toString(), label, d.status(), !d.active(),
                    marked.contains(d.id())));
        }

        void credential(Credential c, Set<UUID> marked) {
            String label = c.kind() + " " + (c.externalId() == null ? shortId(c.id()) : c.externalId());
            boolean going = marked.contains(c.id());
            node(new Node(c.id().toString(), Kind.CREDENTIAL, label, c.status(), going), List.of("Credential " + label,
                    "Status: " + c.status(), "Audience: " + (c.audience() == null ? "any" : c.audience()),
                    "Expires: " + (c.expiresAt() == null ? "never" : EXPIRY.format(c.expiresAt().withOffsetSameInstant(ZoneOffset.UTC))),
                    "Id: " + c.id()));
            edges.add(new Edge(c.agentId().toString(), c.id().toString(), expiry(c.expiresAt()).replaceFirst("^ · ", ""), c.status(),
                    !c.active(), going));
        }

        Graph graph() {
            return new Graph(root, List.copyOf(nodes.values()), List.copyOf(edges), details);
        }
    }

    private static String expiry(OffsetDateTime at) {
        return at == null ? "" : " · expires " + EXPIRY.format(at.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static String shortId(UUID id) {
        return id.toString().substring(0, 8);
    }
}
