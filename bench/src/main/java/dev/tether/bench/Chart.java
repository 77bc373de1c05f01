package dev.tether.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** A hand-written SVG: S2 and S5 latency against size, S7 time against fan-out (medians, log-scaled x). */
final class Chart {

    private static final int W = 380;
    private static final int H = 280;
    private static final int LEFT = 62;
    private static final int RIGHT = 44;
    private static final int TOP = 40;
    private static final int BOTTOM = 52;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e"};

    private record Series(String name, TreeMap<Long, Double> points) {
    }

    private Chart() {
    }

    static String svg(Report r) {
        List<String> panels = new ArrayList<>();
        panels.add(panel(r, "S2 lookup by userName", "users loaded", "ms", "S2", List.of("p50", "p99")));
        panels.add(panel(r, "S5 add one member", "group members", "ms", "S5", List.of("p50", "p99")));
        panels.add(panel(r, "S7 leaver cascade", "credentials revoked", "ms", "S7", List.of("response", "delivered")));
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">\n", W * panels.size(), H));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W * panels.size(), H));
        for (int i = 0; i < panels.size(); i++) {
            b.append(String.format(Locale.ROOT, "<g transform=\"translate(%d,0)\">\n", i * W)).append(panels.get(i))
                    .append("</g>\n");
        }
        return b.append("</svg>\n").toString();
    }

    private static String panel(Report r, String title, String xLabel, String yLabel, String scenario, List<String> names) {
        List<Series> series = new ArrayList<>();
        for (String n : names) {
            TreeMap<Long, Double> pts = new TreeMap<>();
            for (Report.Metric m : r.metrics) {
                if (m.scenario().equals(scenario) && m.name().equals(n) && m.size() != null && !Double.isNaN(m.median())) {
                    pts.put(m.size(), Math.max(m.median(), 0.001));
                }
            }
            series.add(new Series(n, pts));
        }
        StringBuilder b = new StringBuilder();
        b.append(text(W / 2.0, 18, title, "middle", "font-size=\"13\" font-weight=\"bold\""));
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
                LEFT, TOP, pw, ph));
        long xmin = Long.MAX_VALUE;
        long xmax = Long.MIN_VALUE;
        double ymin = Double.MAX_VALUE;
        double ymax = 0;
        for (Series s : series) {
            for (var e : s.points().entrySet()) {
                xmin = Math.min(xmin, e.getKey());
                xmax = Math.max(xmax, e.getKey());
                ymin = Math.min(ymin, e.getValue());
                ymax = Math.max(ymax, e.getValue());
            }
        }
        if (xmin == Long.MAX_VALUE) {
            return b.append(text(W / 2.0, H / 2.0, "not measured in this run", "middle", "fill=\"#666\"")).toString();
        }
        double lx0 = Math.log10(Math.max(1, xmin)) - 0.15;
        double lx1 = Math.log10(Math.max(1, xmax)) + 0.15;
        boolean logY = ymax / ymin > 30;
        double y0 = logY ? Math.floor(Math.log10(ymin)) : 0;
        double y1 = logY ? Math.ceil(Math.log10(ymax)) : niceCeil(ymax * 1.15);
        // y grid
        if (logY) {
            for (double e = y0; e <= y1; e++) {
                double py = TOP + ph - (e - y0) / (y1 - y0) * ph;
                b.append(grid(LEFT, py, LEFT + pw, py));
                b.append(text(LEFT - 6, py + 4, fmtNum(Math.pow(10, e)), "end", ""));
            }
        } else {
            for (int i = 0; i <= 4; i++) {
                double v = y1 * i / 4;
                double py = TOP + ph - v / y1 * ph;
                b.append(grid(LEFT, py, LEFT + pw, py));
                b.append(text(LEFT - 6, py + 4, fmtNum(v), "end", ""));
            }
        }
        // x ticks at the measured sizes
        java.util.TreeSet<Long> xs = new java.util.TreeSet<>();
        series.forEach(s -> xs.addAll(s.points().keySet()));
        for (long x : xs) {
            double px = LEFT + (Math.log10(Math.max(1, x)) - lx0) / (lx1 - lx0) * pw;
            b.append(grid(px, TOP, px, TOP + ph));
            b.append(text(px, TOP + ph + 15, String.format(Locale.ROOT, "%,d", x), "middle", ""));
        }
        b.append(text(LEFT + pw / 2.0, H - 12, xLabel + " (log scale)", "middle", ""));
        b.append(text(LEFT - 6, TOP + ph + 30, yLabel + (logY ? " (log)" : ""), "end", "fill=\"#444\""));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (var e : s.points().entrySet()) {
                double px = LEFT + (Math.log10(Math.max(1, e.getKey())) - lx0) / (lx1 - lx0) * pw;
                double v = e.getValue();
                double py = logY ? TOP + ph - (Math.log10(v) - y0) / (y1 - y0) * ph : TOP + ph - v / y1 * ph;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px, py, color));
                b.append(text(px + 5, py - 5, fmtNum(v), "start", "fill=\"" + color + "\""));
            }
            b.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                    pts.toString().trim(), color));
            double lx = LEFT + 8 + i * 110;
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>\n", lx,
                    TOP - 10, color));
            b.append(text(lx + 16, TOP - 6, s.name(), "start", ""));
        }
        return b.toString();
    }

    private static String grid(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>\n",
                x1, y1, x2, y2);
    }

    private static String text(double x, double y, String s, String anchor, String extra) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>\n", x, y, anchor,
                extra, s.replace("&", "&amp;").replace("<", "&lt;"));
    }

    private static double niceCeil(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String fmtNum(double v) {
        if (v >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 1) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (v == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
