package dev.tether;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the arrows between rooms the way the design draws them (shared/DESIGN.md, "Layout"):
 * read from the sources, every reference from one room to another, by import or by qualified
 * name, must be an allowed arrow, and no two rooms may reach each other.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/tether");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.tether\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");
    private static final Set<String> PROTOCOL_CORE = Set.of("scim.schema", "scim.filter", "scim.patch");
    private static final Set<String> EDGES = Set.of("admin", "scim.api", "console", "operations", "security");
    private static final Set<String> FEATURES = Set.of("authz", "signals", "reviews", "lineage", "directory");

    /** Room → rooms it may reference. The protocol core may be used by every room but platform. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("platform", Set.of()),
            Map.entry("scim.schema", Set.of()),
            Map.entry("scim.filter", Set.of("scim.schema")),
            Map.entry("scim.patch", Set.of("scim.schema", "scim.filter")),
            Map.entry("directory", Set.of("platform")),
            Map.entry("lineage", Set.of("directory", "platform")),
            Map.entry("authz", Set.of("lineage", "directory", "platform")),
            Map.entry("signals", Set.of("lineage", "directory", "platform")),
            Map.entry("reviews", Set.of("lineage", "directory", "platform")),
            // observers: the fact types of the rooms whose facts they record
            Map.entry("audit", Set.of("directory", "lineage", "authz", "signals", "reviews", "platform")),
            Map.entry("events", Set.of("directory", "lineage", "authz", "signals", "reviews", "audit", "platform")),
            // edges: anything below them, and the request's own edge (security, operations)
            Map.entry("security", Set.of("directory", "audit", "platform")),
            Map.entry("operations", Set.of("security", "directory", "platform")),
            Map.entry("scim.api", Set.of("security", "operations", "lineage", "directory", "platform")),
            Map.entry("admin", Set.of("security", "audit", "events", "authz", "signals", "reviews", "lineage",
                    "directory", "platform")),
            Map.entry("console", Set.of("security", "audit", "events", "authz", "signals", "reviews", "lineage",
                    "directory", "platform")),
            Map.entry("boot", Set.of("admin", "security", "operations", "audit", "events", "lineage", "directory",
                    "platform")));

    private static Map<String, Map<String, List<String>>> arrows;
    private static Map<String, List<Path>> files;

    @BeforeAll
    static void read() throws IOException {
        arrows = new TreeMap<>();
        files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(SOURCES)) {
            for (Path file : all.filter(p -> p.toString().endsWith(".java")).toList()) {
                String room = room(SOURCES.relativize(file.getParent()));
                files.computeIfAbsent(room, r -> new ArrayList<>()).add(file);
                String code = withoutComments(Files.readString(file));
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    String target = room(Path.of(m.group(1).replace('.', '/')));
                    if (!target.equals(room)) {
                        arrows.computeIfAbsent(room, r -> new TreeMap<>())
                                .computeIfAbsent(target, t -> new ArrayList<>()).add(file.getFileName().toString());
                    }
                }
            }
        }
    }

    /** The room of a package: its first segment, or two for the rooms inside scim/. */
    private static String room(Path packagePath) {
        String first = packagePath.getName(0).toString();
        if (first.equals("scim") && packagePath.getNameCount() > 1) {
            return "scim." + packagePath.getName(1);
        }
        return first;
    }

    private static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }

    @Test
    void everyRoomIsKnown() {
        Set<String> unknown = new TreeSet<>(files.keySet());
        unknown.removeAll(ALLOWED.keySet());
        assertTrue(unknown.isEmpty(), "rooms the design does not name: " + unknown);
    }

    @Test
    void arrowsPointOneWay() {
        List<String> wrong = new ArrayList<>();
        arrows.forEach((from, targets) -> targets.forEach((to, where) -> {
            boolean allowed = ALLOWED.getOrDefault(from, Set.of()).contains(to)
                    || (PROTOCOL_CORE.contains(to) && !from.equals("platform") && !PROTOCOL_CORE.contains(from));
            if (!allowed) {
                wrong.add(from + " -> " + to + " in " + new TreeSet<>(where));
            }
        }));
        assertEquals(List.of(), wrong, "arrows the design does not allow");
    }

    @Test
    void nothingImportsBoot() {
        List<String> importers = new ArrayList<>();
        arrows.forEach((from, targets) -> {
            if (targets.containsKey("boot")) {
                importers.add(from);
            }
        });
        assertEquals(List.of(), importers);
    }

    @Test
    void noCyclesBetweenRooms() {
        List<String> cycles = new ArrayList<>();
        for (String start : arrows.keySet()) {
            for (String next : arrows.get(start).keySet()) {
                if (reaches(next, start, new TreeSet<>())) {
                    cycles.add(start + " <-> " + next);
                }
            }
        }
        assertEquals(List.of(), cycles);
    }

    @Test
    void featureRoomsNeitherServeHttpNorRecordThemselves() {
        List<String> wrong = new ArrayList<>();
        for (String room : FEATURES) {
            arrows.getOrDefault(room, Map.of()).keySet().stream()
                    .filter(to -> to.equals("events") || to.equals("audit") || EDGES.contains(to))
                    .forEach(to -> wrong.add(room + " -> " + to));
        }
        assertEquals(List.of(), wrong, "feature rooms publish facts; events and audit observe them");
    }

    @Test
    void protocolCoreIsPlainJava() throws IOException {
        Pattern framework = Pattern.compile("^import (static )?(io\\.quarkus|io\\.vertx|io\\.smallrye|jakarta\\.|org\\.jboss)",
                Pattern.MULTILINE);
        List<String> wrong = new ArrayList<>();
        for (String room : PROTOCOL_CORE) {
            for (Path file : files.getOrDefault(room, List.of())) {
                if (framework.matcher(Files.readString(file)).find()) {
                    wrong.add(file.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), wrong, "scim/schema, scim/filter and scim/patch import nothing of Quarkus");
    }

    private static boolean reaches(String from, String goal, Set<String> seen) {
        if (from.equals(goal)) {
            return true;
        }
        if (!seen.add(from)) {
            return false;
        }
        for (String next : arrows.getOrDefault(from, Map.of()).keySet()) {
            if (reaches(next, goal, seen)) {
                return true;
            }
        }
        return false;
    }
}
