package dev.tether.console;

import dev.tether.console.LineageGraphLayout.Edge;
import dev.tether.console.LineageGraphLayout.Layout;
import dev.tether.console.LineageGraphLayout.Placed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link Layout} as inline SVG, for the console's own script to make interactive: every
 * node is a link (focusable, with an accessible name) to its details panel and names its parents
 * and children ({@code data-up}, {@code data-down}) so hover and focus can light the path to the
 * human and everything derived from it. Colours live in the stylesheet, keyed by class: no inline
 * styles (the Content-Security-Policy forbids them). Plain Java, no I/O.
 */
public final class LineageGraphSvg {

    private LineageGraphSvg() {
    }

    /** The DOM id of a node's element; {@code "details-" + domId} is its details panel. */
    public static String domId(String nodeId) {
        return "n-" + nodeId.replaceAll("[^A-Za-z0-9-]", "-");
    }

    public static String render(Layout layout, String title) {
        Map<String, List<String>> up = new HashMap<>();
        Map<String, List<String>> down = new HashMap<>();
        for (Edge e : layout.edges()) {
            up.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(domId(e.from()));
            down.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(domId(e.to()));
        }
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage-graph\" role=\"group\" width=\"")
                .append(layout.width()).append("\" height=\"").append(layout.height())
                .append("\" viewBox=\"0 0 ").append(layout.width()).append(' ').append(layout.height())
                .append("\" aria-label=\"").append(escape(title)).append("\">");
        svg.append("<title>").append(escape(title)).append("</title>");
        svg.append("<g class=\"edges\">");
        for (Edge e : layout.edges()) {
            Placed from = layout.node(e.from());
            Placed to = layout.node(e.to());
            int x1 = from.x() + LineageGraphLayout.NODE_WIDTH;
            int y1 = from.y() + LineageGraphLayout.NODE_HEIGHT / 2;
            int x2 = to.x();
            int y2 = to.y() + LineageGraphLayout.NODE_HEIGHT / 2;
            int bend = (x2 - x1) / 2;
            svg.append("<g class=\"edge").append(e.revoked() ? " edge-revoked" : "").append(e.marked() ? " edge-marked" : "")
                    .append(" status-").append(token(e.status())).append("\" data-from=\"").append(domId(e.from()))
                    .append("\" data-to=\"").append(domId(e.to())).append("\">");
            svg.append("<title>").append(escape(e.label().isEmpty() ? e.status() : e.status() + " · " + e.label()))
                    .append("</title>");
            svg.append("<path d=\"M").append(x1).append(',').append(y1).append(" C").append(x1 + bend).append(',')
                    .append(y1).append(' ').append(x2 - bend).append(',').append(y2).append(' ').append(x2).append(',')
                    .append(y2).append("\"/>");
            svg.append("</g>");
        }
        svg.append("</g><g class=\"nodes\">");
        for (Placed p : layout.nodes()) {
            LineageGraphLayout.Node n = p.node();
            String id = domId(n.id());
            String kind = n.kind().name().toLowerCase();
            svg.append("<a href=\"#details-").append(id).append("\" id=\"").append(id).append("\" class=\"node node-")
                    .append(kind).append(" status-").append(token(n.status())).append(n.marked() ? " node-marked" : "")
                    .append("\" data-node=\"").append(id).append("\" data-up=\"")
                    .append(String.join(" ", up.getOrDefault(n.id(), List.of()))).append("\" data-down=\"")
                    .append(String.join(" ", down.getOrDefault(n.id(), List.of()))).append("\" aria-label=\"")
                    .append(escape(accessibleName(n))).append("\">");
            svg.append("<rect x=\"").append(p.x()).append("\" y=\"").append(p.y()).append("\" width=\"")
                    .append(LineageGraphLayout.NODE_WIDTH).append("\" height=\"").append(LineageGraphLayout.NODE_HEIGHT)
                    .append("\" rx=\"6\"/>");
            svg.append("<text x=\"").append(p.x() + 10).append("\" y=\"").append(p.y() + 18).append("\" class=\"node-label\">")
                    .append(escape(shorten(n.label(), 24))).append("</text>");
            svg.append("<text x=\"").append(p.x() + 10).append("\" y=\"").append(p.y() + 35).append("\" class=\"node-status\">")
                    .append(escape(kind.equals("summary") ? "not drawn" : kind + " · " + n.status()
                            + (n.marked() ? " · would go" : ""))).append("</text>");
            svg.append("</a>");
        }
        svg.append("</g></svg>");
        return svg.toString();
    }

    /** What a screen reader says for a node: its kind, its name and its state. */
    static String accessibleName(LineageGraphLayout.Node n) {
        if (n.kind() == LineageGraphLayout.Kind.SUMMARY) {
            return n.label() + ", not drawn";
        }
        String kind = n.kind().name().charAt(0) + n.kind().name().substring(1).toLowerCase();
        return kind + " " + n.label() + ", " + n.status() + (n.marked() ? ", would be revoked by the leaver drill" : "");
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** A status as a class name: letters and dashes only. */
    private static String token(String s) {
        return s == null ? "none" : s.toLowerCase().replaceAll("[^a-z-]", "-");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
