package dev.tether.scimconformance.support;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the Markdown report: every test grouped by the RFC section its display name cites,
 * with pass / fail / not applicable, and for each failure the last request and response.
 * Registered through META-INF/services when the suite runs on its own; the root build
 * registers an instance itself. With {@code scim.report.append=true} the results of an earlier
 * run in the same target folder are kept (the suite runs MUST/IdP and SHOULD in two forks).
 */
public class ConformanceReport implements TestExecutionListener {

    public enum Verdict { PASS, FAIL, NOT_APPLICABLE }

    public record Result(String section, String level, String name, Verdict verdict, String reason, String exchange)
            implements Serializable {
    }

    private static final Pattern SECTION = Pattern.compile("^(RFC \\d+ §[0-9.]+)");
    private final Path markdown;
    private final boolean append;
    private final List<Result> results = new ArrayList<>();

    /** Used by the ServiceLoader: the path and append mode come from system properties. */
    public ConformanceReport() {
        this(Path.of(System.getProperty("scim.report", "target/conformance-report.md")),
                Boolean.getBoolean("scim.report.append"));
    }

    public ConformanceReport(Path markdown, boolean append) {
        this.markdown = markdown;
        this.append = append;
    }

    public List<Result> results() {
        return results;
    }

    /** Failures that break the build: any MUST clause or IdP scenario. */
    public List<Result> fatalFailures() {
        return results.stream().filter(r -> r.verdict() == Verdict.FAIL && !r.level().equals("SHOULD"))
                .collect(Collectors.toList());
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        if (test.isTest()) {
            ExchangeRecorder.clear();
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            results.add(result(test, Verdict.NOT_APPLICABLE, reason, null));
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult outcome) {
        if (!test.isTest()) {
            return;
        }
        String reason = outcome.getThrowable().map(t -> String.valueOf(t.getMessage()).trim()).orElse("");
        switch (outcome.getStatus()) {
            case SUCCESSFUL -> results.add(result(test, Verdict.PASS, "", null));
            case ABORTED -> results.add(result(test, Verdict.NOT_APPLICABLE, reason, null));
            default -> results.add(result(test, Verdict.FAIL, reason, ExchangeRecorder.last()));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        try {
            ScimServer.deleteCreated();
        } catch (RuntimeException ignored) {
            // no server configured: nothing was created
        }
        write();
    }

    private static Result result(TestIdentifier test, Verdict verdict, String reason, String exchange) {
        Set<String> tags = test.getTags().stream().map(TestTag::getName).collect(Collectors.toSet());
        String level = tags.contains("IDP") ? "IDP" : tags.contains("MUST") ? "MUST" : tags.contains("SHOULD") ? "SHOULD" : "-";
        String name = test.getDisplayName();
        Matcher m = SECTION.matcher(name);
        String section = m.find() ? m.group(1) : level.equals("IDP") ? "IdP scenarios" : "Other";
        return new Result(section, level, name, verdict, reason, exchange);
    }

    @SuppressWarnings("unchecked")
    public void write() {
        Path store = markdown.resolveSibling(markdown.getFileName() + ".results");
        List<Result> all = new ArrayList<>();
        try {
            Files.createDirectories(markdown.toAbsolutePath().getParent());
            if (append && Files.exists(store)) {
                try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(store))) {
                    all.addAll((List<Result>) in.readObject());
                } catch (ClassNotFoundException | IOException e) {
                    // an unreadable earlier run is dropped, not merged
                }
            }
            all.addAll(results);
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(store))) {
                out.writeObject(all);
            }
            Files.writeString(markdown, render(all));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String render(List<Result> all) {
        StringBuilder md = new StringBuilder("# SCIM 2.0 conformance report\n\n");
        String server;
        try {
            server = ScimServer.baseUrl();
        } catch (IllegalStateException e) {
            server = "(none)";
        }
        md.append("Server: `").append(server).append("`\n\n");
        md.append("| level | pass | fail | not applicable |\n|---|---|---|---|\n");
        for (String level : List.of("MUST", "SHOULD", "IDP")) {
            md.append("| ").append(level).append(" | ").append(count(all, level, Verdict.PASS)).append(" | ")
                    .append(count(all, level, Verdict.FAIL)).append(" | ")
                    .append(count(all, level, Verdict.NOT_APPLICABLE)).append(" |\n");
        }
        md.append("\nA MUST or IDP failure is a conformance failure; a SHOULD failure is reported only. "
                + "Not applicable: the server does not advertise the optional feature (see the reason).\n");
        Map<String, List<Result>> bySection = new TreeMap<>(ConformanceReport::compareSections);
        all.forEach(r -> bySection.computeIfAbsent(r.section(), k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<Result>> section : bySection.entrySet()) {
            md.append("\n## ").append(section.getKey()).append("\n\n| verdict | level | test |\n|---|---|---|\n");
            section.getValue().sort(Comparator.comparing(Result::name));
            for (Result r : section.getValue()) {
                md.append("| ").append(label(r)).append(" | ").append(r.level()).append(" | ")
                        .append(r.name().replace("|", "\\|"));
                if (r.verdict() == Verdict.NOT_APPLICABLE && !r.reason().isEmpty()) {
                    md.append(" — ").append(r.reason().replace("|", "\\|").replace("\n", " "));
                }
                md.append(" |\n");
            }
            for (Result r : section.getValue()) {
                if (r.verdict() == Verdict.FAIL) {
                    md.append("\n### FAIL: ").append(r.name()).append("\n\n```\n").append(r.reason()).append("\n```\n");
                    if (r.exchange() != null) {
                        md.append("\nLast exchange:\n\n```http\n").append(r.exchange()).append("```\n");
                    }
                }
            }
        }
        return md.toString();
    }

    private static long count(List<Result> all, String level, Verdict verdict) {
        return all.stream().filter(r -> r.level().equals(level) && r.verdict() == verdict).count();
    }

    private static String label(Result r) {
        return switch (r.verdict()) {
            case PASS -> "pass";
            case FAIL -> "**FAIL**";
            case NOT_APPLICABLE -> "N/A";
        };
    }

    /** RFC 7643 before RFC 7644, sections in numeric order, IdP scenarios last. */
    private static int compareSections(String a, String b) {
        return key(a).compareTo(key(b));
    }

    private static String key(String section) {
        Matcher m = Pattern.compile("RFC (\\d+) §([0-9.]+)").matcher(section);
        if (!m.find()) {
            return "~" + section;
        }
        StringBuilder k = new StringBuilder(m.group(1));
        for (String part : m.group(2).split("\\.")) {
            k.append('.').append(String.format("%03d", Integer.parseInt(part)));
        }
        return k.toString();
    }
}
