package dev.tether.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The figures of one run of the harness: Markdown table, JSON file and chart. */
final class Report {

    /** One measured figure: its value in each measured run, and their median. */
    record Metric(String scenario, String name, Long size, String unit, List<Double> runs, Map<String, Object> detail) {
        double median() {
            return Report.median(runs);
        }
    }

    record Target(String scenario, String text, String measured, Boolean met) {
    }

    final Map<String, Object> info = new LinkedHashMap<>();
    final List<Metric> metrics = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** Scenarios (or their loading steps) that threw and were skipped. */
    final List<String> incomplete = new ArrayList<>();
    /** Other SCIM servers measured in the same run (--also), each with its own figures and notes. */
    final List<Report> others = new ArrayList<>();

    Metric add(String scenario, String name, Long size, String unit, List<Double> runs, Map<String, Object> detail) {
        Metric m = new Metric(scenario, name, size, unit, List.copyOf(runs), detail == null ? Map.of() : detail);
        metrics.add(m);
        System.out.printf(Locale.ROOT, "  %s %s%s: runs %s -> median %s %s%n", scenario, name,
                size == null ? "" : " @" + size, fmtList(runs), fmt(m.median()), unit);
        return m;
    }

    Optional<Metric> find(String scenario, String name, Long size) {
        return metrics.stream().filter(m -> m.scenario().equals(scenario) && m.name().equals(name)
                && java.util.Objects.equals(m.size(), size)).findFirst();
    }

    Optional<Double> median(String scenario, String name, Long size) {
        return find(scenario, name, size).map(Metric::median);
    }

    void target(String scenario, String text, String measured, Boolean met) {
        targets.add(new Target(scenario, text, measured, met));
    }

    void note(String text) {
        notes.add(text);
        System.out.println("  note: " + text);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmtList(List<Double> vs) {
        List<String> out = new ArrayList<>();
        vs.forEach(v -> out.add(fmt(v)));
        return out.toString();
    }

    List<Path> write(Path dir, String stamp) throws IOException {
        Files.createDirectories(dir);
        Path md = dir.resolve(stamp + ".md");
        Path json = dir.resolve(stamp + ".json");
        Path svg = dir.resolve(stamp + ".svg");
        Files.writeString(svg, Chart.svg(this));
        Files.writeString(md, markdown(svg.getFileName().toString()));
        Files.writeString(json, AdminApi.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson()));
        return List.of(md, json, svg);
    }

    private String markdown(String chartFile) {
        StringBuilder b = new StringBuilder();
        b.append("# Tether benchmark: ").append(info.getOrDefault("label", "")).append(", ")
                .append(info.getOrDefault("startedAt", "")).append("\n\n");
        for (Map.Entry<String, Object> e : info.entrySet()) {
            b.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        int runs = metrics.stream().mapToInt(m -> m.runs().size()).max().orElse(0);
        b.append("\n## Figures (median of the measured runs)\n\n| scenario | size | figure | ");
        for (int i = 1; i <= runs; i++) {
            b.append("run ").append(i).append(" | ");
        }
        b.append("median |\n|---|---:|---|");
        for (int i = 0; i <= runs; i++) {
            b.append("---:|");
        }
        b.append('\n');
        for (Metric m : metrics) {
            b.append("| ").append(m.scenario()).append(" | ")
                    .append(m.size() == null ? "" : String.format(Locale.ROOT, "%,d", m.size())).append(" | ")
                    .append(m.name()).append(" (").append(m.unit()).append(") | ");
            for (int i = 0; i < runs; i++) {
                b.append(i < m.runs().size() ? fmt(m.runs().get(i)) : "").append(" | ");
            }
            b.append("**").append(fmt(m.median())).append("** |\n");
        }
        if (!targets.isEmpty()) {
            b.append("\n## Targets\n\n| scenario | target | measured (median) | met |\n|---|---|---|---|\n");
            for (Target t : targets) {
                b.append("| ").append(t.scenario()).append(" | ").append(t.text()).append(" | ").append(t.measured())
                        .append(" | ").append(t.met() == null ? "n/a" : t.met() ? "yes" : "**no**").append(" |\n");
            }
        }
        if (!notes.isEmpty()) {
            b.append("\n## Notes\n\n");
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        if (!others.isEmpty()) {
            comparison(b);
        }
        b.append("\n![S2, S5 and S7 against size](").append(chartFile).append(")\n");
        return b.toString();
    }

    /** The position of a metric's size among the sizes this report has for its scenario (0 for none). */
    int rank(Metric m) {
        if (m.size() == null) {
            return 0;
        }
        return (int) metrics.stream().filter(x -> x.scenario().equals(m.scenario()) && x.name().equals(m.name())
                && x.size() != null && x.size() < m.size()).count();
    }

    /** One row per figure, one column per server: the medians, side by side. */
    private void comparison(StringBuilder b) {
        List<Report> all = new ArrayList<>();
        all.add(this);
        all.addAll(others);
        b.append("\n## Comparison (medians; the same S1-S6 workload, one server after another)\n\n"
                + "Sizes as each server had them (\"a / b\": the populations differed).\n\n| scenario | size | figure | ");
        List<String> labels = new ArrayList<>();
        all.forEach(r -> labels.add(String.valueOf(r.info.getOrDefault("label", "?"))));
        b.append(String.join(" | ", labels)).append(" |");
        b.append("\n|---|---:|---|");
        all.forEach(r -> b.append("---:|"));
        b.append('\n');
        // Rows are matched by scenario, figure and the size's rank within the scenario: populations
        // differ a little between servers (S1 creates as many users as each server manages).
        List<String> seen = new ArrayList<>();
        for (Report r : all) {
            for (Metric m : r.metrics) {
                String key = m.scenario() + "|" + r.rank(m) + "|" + m.name() + "|" + m.unit();
                if (!Options.SCIM_ONLY.contains(m.scenario()) || seen.contains(key)) {
                    continue;
                }
                seen.add(key);
                List<String> sizes = new ArrayList<>();
                List<String> cells = new ArrayList<>();
                for (Report x : all) {
                    Optional<Metric> v = x.metrics.stream().filter(y -> y.scenario().equals(m.scenario())
                            && y.name().equals(m.name()) && x.rank(y) == r.rank(m)).findFirst();
                    cells.add(v.map(y -> fmt(y.median())).orElse("–"));
                    v.map(Metric::size).filter(z -> z != null).map(z -> String.format(Locale.ROOT, "%,d", z))
                            .filter(z -> !sizes.contains(z)).ifPresent(sizes::add);
                }
                b.append("| ").append(m.scenario()).append(" | ").append(String.join(" / ", sizes)).append(" | ")
                        .append(m.name()).append(" (").append(m.unit()).append(") | ")
                        .append(String.join(" | ", cells)).append(" |\n");
            }
        }
        b.append("\n\"–\": not measured (the scenario did not complete there; see its notes).\n");
        for (Report o : others) {
            b.append("\n### ").append(o.info.getOrDefault("label", "?")).append("\n\n");
            o.info.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
            if (!o.notes.isEmpty()) {
                b.append("\nNotes:\n\n");
                o.notes.forEach(n -> b.append("- ").append(n).append('\n'));
            }
        }
    }

    private ObjectNode toJson() {
        ObjectNode root = AdminApi.JSON.createObjectNode();
        root.set("info", AdminApi.JSON.valueToTree(info));
        ArrayNode ms = root.putArray("metrics");
        for (Metric m : metrics) {
            ObjectNode o = ms.addObject().put("scenario", m.scenario()).put("figure", m.name());
            if (m.size() != null) {
                o.put("size", m.size());
            }
            o.put("unit", m.unit());
            ArrayNode r = o.putArray("runs");
            m.runs().forEach(v -> r.add(Load.round(v)));
            o.put("median", Load.round(m.median()));
            if (!m.detail().isEmpty()) {
                o.set("detail", AdminApi.JSON.valueToTree(m.detail()));
            }
        }
        ArrayNode ts = root.putArray("targets");
        for (Target t : targets) {
            ObjectNode o = ts.addObject().put("scenario", t.scenario()).put("target", t.text()).put("measured", t.measured());
            if (t.met() == null) {
                o.putNull("met");
            } else {
                o.put("met", t.met());
            }
        }
        ArrayNode ns = root.putArray("notes");
        notes.forEach(ns::add);
        ArrayNode inc = root.putArray("incomplete");
        incomplete.forEach(inc::add);
        if (!others.isEmpty()) {
            ArrayNode os = root.putArray("otherServers");
            others.forEach(o -> os.add(o.toJson()));
        }
        return root;
    }
}
