package dev.tether.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Places a lineage graph left to right: the human in the first column, each node one column
 * right of its furthest parent (a layered DAG layout), nodes in a column ordered by the mean
 * position of their parents and children (barycentre sweeps) so edges cross less. Plain Java,
 * no I/O: the console draws what this returns as SVG.
 *
 * <p>A huge fan-out still renders: nodes are admitted breadth first from the root, and once
 * {@code maxNodes} are in, the children left out under each node are drawn as one summary node
 * per kind ("+N more credentials").
 */
public final class LineageGraphLayout {

    public static final int NODE_WIDTH = 180;
    public static final int NODE_HEIGHT = 44;
    public static final int COLUMN_GAP = 70;
    public static final int ROW_GAP = 16;
    public static final int MARGIN = 12;
    private static final int SWEEPS = 4;

    /** What a node stands for; {@code SUMMARY} stands for children left out. */
    public enum Kind {
        USER, AGENT, CREDENTIAL, SUMMARY
    }

    /**
     * A node before layout.
     *
     * @param status    as the user reads it: active, inactive, suspended, revoked, deleted
     * @param marked    part of what a leaver drill would revoke
     */
    public record Node(String id, Kind kind, String label, String status, boolean marked) {
    }

    /**
     * A directed edge (delegator to delegate, agent to credential).
     *
     * @param label   what the edge carries: scopes and expiry
     * @param revoked drawn greyed
     * @param marked  part of what a leaver drill would revoke
     */
    public record Edge(String from, String to, String label, String status, boolean revoked, boolean marked) {
    }

    /** A node where it is drawn (top-left corner), with its column and row. */
    public record Placed(Node node, int column, int row, int x, int y) {
    }

    /** A summary node stands for this many nodes of this kind. */
    public record Summarised(String summaryId, Kind kind, int count) {
    }

    public record Layout(List<Placed> nodes, List<Edge> edges, List<Summarised> summaries, int width, int height) {

        public Placed node(String id) {
            return nodes.stream().filter(p -> p.node().id().equals(id)).findFirst().orElse(null);
        }
    }

    private LineageGraphLayout() {
    }

    /**
     * @param root     the node drawn first (the human); other nodes nothing points at are drawn too
     * @param nodes    every node, root included, in a stable order (it breaks ties)
     * @param edges    between those nodes; edges to unknown nodes are dropped; cycles are not expected
     * @param maxNodes at most this many nodes are placed (at least 2), plus one summary per node and
     *                 kind whose children did not all fit
     */
    public static Layout layout(String root, List<Node> nodes, List<Edge> edges, int maxNodes) {
        Map<String, Node> byId = new LinkedHashMap<>();
        nodes.forEach(n -> byId.putIfAbsent(n.id(), n));
        Map<String, List<String>> children = new LinkedHashMap<>();
        List<Edge> known = new ArrayList<>();
        for (Edge e : edges) {
            if (byId.containsKey(e.from()) && byId.containsKey(e.to()) && !e.from().equals(e.to())) {
                known.add(e);
                children.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
            }
        }

        // admit nodes breadth first from the root; whatever does not fit is summarised under its parent
        Set<String> kept = new LinkedHashSet<>();
        Map<String, Node> summaries = new LinkedHashMap<>();
        List<Summarised> summarised = new ArrayList<>();
        List<Edge> summaryEdges = new ArrayList<>();
        Deque<String> queue = new ArrayDeque<>();
        int budget = Math.max(2, maxNodes);
        if (byId.containsKey(root)) {
            kept.add(root);
            queue.add(root);
        }
        // an agent's graph has a human per chain: every node nothing points at starts a walk too
        Set<String> pointedAt = new java.util.HashSet<>();
        known.forEach(e -> pointedAt.add(e.to()));
        for (String id : byId.keySet()) {
            if (!pointedAt.contains(id) && !kept.contains(id) && kept.size() < budget) {
                kept.add(id);
                queue.add(id);
            }
        }
        while (!queue.isEmpty()) {
            String parent = queue.poll();
            Map<Kind, Integer> left = new LinkedHashMap<>();
            List<String> next = children.getOrDefault(parent, List.of()).stream()
                    .filter(c -> !kept.contains(c)).distinct().toList();
            for (String child : next) {
                if (kept.size() < budget) {
                    kept.add(child);
                    queue.add(child);
                } else {
                    left.merge(byId.get(child).kind(), 1, Integer::sum);
                }
            }
            for (Map.Entry<Kind, Integer> l : left.entrySet()) {
                String id = parent + "+more-" + l.getKey().name().toLowerCase();
                String noun = switch (l.getKey()) {
                    case CREDENTIAL -> "credential";
                    case AGENT -> "agent";
                    case USER -> "user";
                    case SUMMARY -> "node";
                };
                summaries.put(id, new Node(id, Kind.SUMMARY, "+" + l.getValue() + " more " + noun
                        + (l.getValue() == 1 ? "" : "s"), "summary", false));
                summarised.add(new Summarised(id, l.getKey(), l.getValue()));
                summaryEdges.add(new Edge(parent, id, "", "summary", false, false));
            }
        }
        Map<String, Node> placedNodes = new LinkedHashMap<>();
        kept.forEach(id -> placedNodes.put(id, byId.get(id)));
        placedNodes.putAll(summaries);
        List<Edge> drawn = new ArrayList<>();
        for (Edge e : known) {
            if (kept.contains(e.from()) && kept.contains(e.to())) {
                drawn.add(e);
            }
        }
        drawn.addAll(summaryEdges);

        Map<String, List<String>> parents = new HashMap<>();
        Map<String, List<String>> kids = new HashMap<>();
        for (Edge e : drawn) {
            parents.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
            kids.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
        }

        // column: the longest path from the root, so every edge points right
        Map<String, Integer> column = new HashMap<>();
        for (String id : topologicalOrder(placedNodes.keySet(), kids)) {
            int c = 0;
            for (String p : parents.getOrDefault(id, List.of())) {
                c = Math.max(c, column.getOrDefault(p, 0) + 1);
            }
            column.put(id, c);
        }
        int columns = column.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<List<String>> layers = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            layers.add(new ArrayList<>());
        }
        placedNodes.keySet().forEach(id -> layers.get(column.get(id)).add(id));

        // barycentre sweeps: right by parents' rows, then left by children's rows
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            for (int c = 1; c < columns; c++) {
                order(layers.get(c), layers.get(c - 1), parents);
            }
            for (int c = columns - 2; c >= 0; c--) {
                order(layers.get(c), layers.get(c + 1), kids);
            }
        }

        List<Placed> placed = new ArrayList<>();
        int rows = 0;
        for (int c = 0; c < columns; c++) {
            List<String> layer = layers.get(c);
            rows = Math.max(rows, layer.size());
            for (int r = 0; r < layer.size(); r++) {
                placed.add(new Placed(placedNodes.get(layer.get(r)), c, r, MARGIN + c * (NODE_WIDTH + COLUMN_GAP),
                        MARGIN + r * (NODE_HEIGHT + ROW_GAP)));
            }
        }
        int width = 2 * MARGIN + columns * NODE_WIDTH + (columns - 1) * COLUMN_GAP;
        int height = 2 * MARGIN + Math.max(1, rows) * NODE_HEIGHT + Math.max(0, rows - 1) * ROW_GAP;
        return new Layout(placed, drawn, summarised, width, height);
    }

    /** Sorts {@code layer} by the mean index of its neighbours in {@code fixed}; a node without any keeps its place. */
    private static void order(List<String> layer, List<String> fixed, Map<String, List<String>> neighbours) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < fixed.size(); i++) {
            at.put(fixed.get(i), i);
        }
        Map<String, Double> key = new HashMap<>();
        for (int i = 0; i < layer.size(); i++) {
            String id = layer.get(i);
            double sum = 0;
            int n = 0;
            for (String other : neighbours.getOrDefault(id, List.of())) {
                Integer p = at.get(other);
                if (p != null) {
                    sum += p;
                    n++;
                }
            }
            key.put(id, n == 0 ? i : sum / n);
        }
        Map<String, Integer> before = new HashMap<>();
        for (int i = 0; i < layer.size(); i++) {
            before.put(layer.get(i), i);
        }
        // stable: equal keys keep their previous order
        layer.sort(Comparator.<String>comparingDouble(key::get).thenComparingInt(before::get));
    }

    private static List<String> topologicalOrder(Set<String> ids, Map<String, List<String>> kids) {
        Map<String, Integer> incoming = new HashMap<>();
        ids.forEach(id -> incoming.put(id, 0));
        kids.values().forEach(list -> list.forEach(k -> incoming.merge(k, 1, Integer::sum)));
        Deque<String> ready = new ArrayDeque<>();
        ids.stream().filter(id -> incoming.get(id) == 0).forEach(ready::add);
        List<String> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            out.add(id);
            for (String k : kids.getOrDefault(id, List.of())) {
                if (incoming.merge(k, -1, Integer::sum) == 0) {
                    ready.add(k);
                }
            }
        }
        // a cycle (never expected) leaves nodes behind: place them rather than lose them
        ids.stream().filter(id -> !out.contains(id)).forEach(out::add);
        return out;
    }
}
