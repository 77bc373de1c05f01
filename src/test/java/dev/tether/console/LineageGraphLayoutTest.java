package dev.tether.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.console.LineageGraphLayout.Edge;
import dev.tether.console.LineageGraphLayout.Kind;
import dev.tether.console.LineageGraphLayout.Layout;
import dev.tether.console.LineageGraphLayout.Node;
import dev.tether.console.LineageGraphLayout.Placed;
import dev.tether.lineage.Credential;
import dev.tether.lineage.Delegation;
import dev.tether.lineage.LineageQueries;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Where the lineage graph puts things, and what its SVG says about them. */
class LineageGraphLayoutTest {

    private static Node node(String id, Kind kind) {
        return new Node(id, kind, id, "active", false);
    }

    private static Edge edge(String from, String to) {
        return new Edge(from, to, "", "active", false, false);
    }

    @Test
    void eachNodeSitsOneColumnRightOfItsFurthestParent() {
        // human -> a -> b -> key, and human -> b directly: b goes right of a, not next to it
        Layout l = LineageGraphLayout.layout("human", List.of(node("human", Kind.USER), node("a", Kind.AGENT),
                node("b", Kind.AGENT), node("key", Kind.CREDENTIAL)),
                List.of(edge("human", "a"), edge("a", "b"), edge("human", "b"), edge("b", "key")), 200);
        assertEquals(0, l.node("human").column());
        assertEquals(1, l.node("a").column());
        assertEquals(2, l.node("b").column());
        assertEquals(3, l.node("key").column());
        for (Edge e : l.edges()) {
            assertTrue(l.node(e.from()).x() < l.node(e.to()).x(), "every edge points right: " + e);
        }
        assertEquals(l.node("key").x() + LineageGraphLayout.NODE_WIDTH + LineageGraphLayout.MARGIN, l.width());
    }

    @Test
    void noTwoNodesOverlapAndAllFitTheCanvas() {
        List<Node> nodes = new ArrayList<>(List.of(node("human", Kind.USER)));
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            nodes.add(node("agent" + i, Kind.AGENT));
            edges.add(edge("human", "agent" + i));
            for (int k = 0; k < 3; k++) {
                nodes.add(node("key" + i + "-" + k, Kind.CREDENTIAL));
                edges.add(edge("agent" + i, "key" + i + "-" + k));
            }
        }
        Layout l = LineageGraphLayout.layout("human", nodes, edges, 200);
        assertEquals(nodes.size(), l.nodes().size());
        for (Placed p : l.nodes()) {
            assertTrue(p.x() >= 0 && p.y() >= 0 && p.x() + LineageGraphLayout.NODE_WIDTH <= l.width()
                    && p.y() + LineageGraphLayout.NODE_HEIGHT <= l.height(), p + " inside " + l.width() + "x" + l.height());
            for (Placed q : l.nodes()) {
                if (p != q) {
                    boolean apart = p.x() + LineageGraphLayout.NODE_WIDTH <= q.x() || q.x() + LineageGraphLayout.NODE_WIDTH <= p.x()
                            || p.y() + LineageGraphLayout.NODE_HEIGHT <= q.y() || q.y() + LineageGraphLayout.NODE_HEIGHT <= p.y();
                    assertTrue(apart, p + " overlaps " + q);
                }
            }
        }
    }

    @Test
    void childrenAreOrderedToUncrossTheirParentsEdges() {
        // given in the order that crosses: a's key listed after b's
        Layout l = LineageGraphLayout.layout("human", List.of(node("human", Kind.USER), node("a", Kind.AGENT),
                node("b", Kind.AGENT), node("keyB", Kind.CREDENTIAL), node("keyA", Kind.CREDENTIAL)),
                List.of(edge("human", "a"), edge("human", "b"), edge("b", "keyB"), edge("a", "keyA")), 200);
        assertEquals(l.node("a").row() < l.node("b").row(), l.node("keyA").row() < l.node("keyB").row(),
                "keys in the same order as their agents");
        assertEquals(0, crossings(l));
    }

    @Test
    void anAgentsGraphDrawsEveryHumanItsChainsStartFrom() {
        // two humans sponsor the planner; the researcher below it holds a key
        Layout l = LineageGraphLayout.layout("ada", List.of(node("researcher", Kind.AGENT), node("ada", Kind.USER),
                node("bob", Kind.USER), node("planner", Kind.AGENT), node("key", Kind.CREDENTIAL)),
                List.of(edge("ada", "planner"), edge("bob", "planner"), edge("planner", "researcher"),
                        edge("researcher", "key")), 200);
        assertEquals(5, l.nodes().size());
        assertEquals(List.of(0, 0, 1, 2, 3), List.of(l.node("ada").column(), l.node("bob").column(),
                l.node("planner").column(), l.node("researcher").column(), l.node("key").column()));
    }

    @Test
    void aHugeFanOutIsSummarised() {
        List<Node> nodes = new ArrayList<>(List.of(node("human", Kind.USER), node("agent", Kind.AGENT)));
        List<Edge> edges = new ArrayList<>(List.of(edge("human", "agent")));
        for (int i = 0; i < 5000; i++) {
            nodes.add(node("key" + i, Kind.CREDENTIAL));
            edges.add(edge("agent", "key" + i));
        }
        Layout l = LineageGraphLayout.layout("human", nodes, edges, 200);
        assertEquals(201, l.nodes().size(), "200 drawn and one summary");
        assertEquals(List.of(new LineageGraphLayout.Summarised("agent+more-credential", Kind.CREDENTIAL, 4802)),
                l.summaries());
        assertEquals("+4802 more credentials", l.node("agent+more-credential").node().label());
        String svg = LineageGraphSvg.render(l, "big");
        assertTrue(svg.contains("aria-label=\"+4802 more credentials, not drawn\""), "the summary is named");
    }

    @Test
    void revokedEdgesAreGreyedAndEveryNodeIsANamedLink() {
        UUID user = UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID dir = UUID.randomUUID();
        OffsetDateTime t = OffsetDateTime.parse("2026-01-02T03:04:05Z");
        Delegation d1 = new Delegation(UUID.randomUUID(), dir, "User", user, a, null, user, 1, null, List.of("read"),
                null, t, List.of(), "delegation", "active", null, null, null, t);
        Delegation d2 = new Delegation(UUID.randomUUID(), dir, "Agent", a, b, d1.id(), user, 2, null, List.of("read"),
                null, null, List.of(), "delegation", "revoked", t, "manual", null, t);
        Credential k = new Credential(UUID.randomUUID(), dir, b, d2.id(), "api_key", "key-<1>", null, null, null,
                "revoked", t, "manual", null, t);
        LineageQueries.Node sub = new LineageQueries.Node(d2, new LineageQueries.AgentSummary(b, "sub", false, true),
                List.of(k), List.of());
        LineageQueries.Node top = new LineageQueries.Node(d1, new LineageQueries.AgentSummary(a, "top", true, true),
                List.of(), List.of(sub));
        LineageGraphs.Graph g = LineageGraphs.forUser(user, "ada", "active", List.of(top), Set.of(d1.id()));
        Layout l = LineageGraphLayout.layout(g.root(), g.nodes(), g.edges(), LineageGraphs.MAX_NODES);
        assertEquals(List.of(0, 1, 2, 3), List.of(l.node(user.toString()).column(), l.node(a.toString()).column(),
                l.node(b.toString()).column(), l.node(k.id().toString()).column()));

        String svg = LineageGraphSvg.render(l, "lineage of ada");
        String revoked = "data-from=\"" + LineageGraphSvg.domId(a.toString()) + "\" data-to=\"" + LineageGraphSvg.domId(b.toString()) + "\"";
        assertTrue(svg.contains("class=\"edge edge-revoked status-revoked\" " + revoked), svg);
        assertTrue(svg.contains("class=\"edge edge-marked status-active\" data-from=\"" + LineageGraphSvg.domId(user.toString())),
                "the drill's edge is marked, not greyed");
        assertTrue(svg.contains("aria-label=\"Agent sub, suspended\""));
        assertTrue(svg.contains("href=\"#details-" + LineageGraphSvg.domId(k.id().toString()) + "\""));
        assertTrue(svg.contains("api_key key-&lt;1&gt;"), "names are escaped");
        assertFalse(svg.contains("key-<1>"));
        assertTrue(svg.contains("read · expires 2026-01-02 03:04 UTC"), "expiry on the edge");
    }

    /** Pairs of edges between the same two columns whose ends are in opposite order. */
    private static int crossings(Layout l) {
        int n = 0;
        for (Edge e : l.edges()) {
            for (Edge f : l.edges()) {
                Placed e1 = l.node(e.from());
                Placed e2 = l.node(e.to());
                Placed f1 = l.node(f.from());
                Placed f2 = l.node(f.to());
                if (e1.column() == f1.column() && e2.column() == f2.column()
                        && (e1.row() - f1.row()) * (e2.row() - f2.row()) < 0) {
                    n++;
                }
            }
        }
        return n / 2;
    }
}
