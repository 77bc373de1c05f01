package dev.tether.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.audit.AuditStore;
import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import dev.tether.directory.MemberRows;
import dev.tether.directory.StoredResource;
import dev.tether.directory.UserDirectory;
import dev.tether.events.LeaverNotices;
import dev.tether.lineage.AgentDirectory;
import dev.tether.lineage.CascadeRevocation;
import dev.tether.lineage.Credential;
import dev.tether.lineage.Credentials;
import dev.tether.lineage.LeaverDrill;
import dev.tether.lineage.LineageQueries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * People and agents in the console: search and page users, groups and agents; a user's page
 * (attributes, groups, lineage graph, audit trail); an agent's page (its chains up to the human,
 * its credentials); and the leaver drill. Every page here only reads: no form changes anything.
 */
@Path("/console")
@BrowserPage
@Produces(MediaType.TEXT_HTML)
public class PeoplePages {

    static final int PAGE_SIZE = 25;
    static final int TRAIL_SIZE = 50;

    @Inject
    SignedIn signedIn;

    @Inject
    Pages pages;

    @Inject
    Directories directories;

    @Inject
    PeopleSearch search;

    @Inject
    UserDirectory users;

    @Inject
    AgentDirectory agents;

    @Inject
    Credentials credentials;

    @Inject
    LineageQueries lineage;

    @Inject
    LeaverDrill drill;

    @Inject
    LeaverNotices notices;

    @Inject
    AuditStore audit;

    @TemplateData
    public record DirectoryOption(UUID id, String name, boolean selected) {
    }

    @TemplateData
    public record Hit(String href, String name, String displayName, String externalId, String status) {
    }

    @TemplateData
    public record Attribute(String name, String value) {
    }

    @TemplateData
    public record GroupRow(UUID id, String name, boolean direct) {
    }

    /**
     * One node's details panel: its DOM id (the graph's links point at {@code details-<domId>}),
     * heading, lines, and the page of the person or agent it is (null for a credential).
     */
    @TemplateData
    public record NodeDetails(String domId, String title, List<String> lines, String href) {
    }

    /** A drawn graph: the SVG, each node's details, and what was summarised rather than drawn. */
    @TemplateData
    public record GraphView(String id, String svg, List<NodeDetails> details, List<String> summaries, boolean empty) {
    }

    @TemplateData
    public record TrailRow(String time, String actor, String action, String target, String cause) {
    }

    @TemplateData
    public record ToldRow(String url, String format, String status, String eventTypes) {
    }

    @TemplateData
    public record DrillCounts(int delegations, int credentials, int agentsSuspended, int agentsAffected) {
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance people(PageFrame frame, List<DirectoryOption> directories, UUID directory,
                String kind, String q, List<Hit> hits, long total, int page, String previous, String next);

        static native TemplateInstance user(PageFrame frame, UUID directory, UUID userId, String status,
                List<Attribute> attributes, List<GroupRow> groups, GraphView graph, List<TrailRow> trail, boolean moreTrail);

        static native TemplateInstance agent(PageFrame frame, UUID directory, UUID agentId, String status,
                List<Attribute> attributes, GraphView graph);

        static native TemplateInstance drill(PageFrame frame, UUID directory, UUID userId, String userName,
                boolean userActive, DrillCounts counts, List<ToldRow> told, GraphView graph);
    }

    @GET
    @Path("people")
    public Response people(@QueryParam("directory") String directory, @QueryParam("kind") String kind,
            @QueryParam("q") String q, @QueryParam("page") String page) {
        return list("people", directory, PeopleSearch.Kind.of(kind == null ? "users" : kind), q, page);
    }

    @GET
    @Path("agents")
    public Response agentList(@QueryParam("directory") String directory, @QueryParam("q") String q,
            @QueryParam("page") String page) {
        return list("agents", directory, PeopleSearch.Kind.AGENTS, q, page);
    }

    private Response list(String section, String rawDirectory, PeopleSearch.Kind kind, String q, String rawPage) {
        List<Directory> all = directories.list().stream().filter(d -> !Directories.isOperatorTrail(d.id)).toList();
        UUID selected = parse(rawDirectory).filter(id -> all.stream().anyMatch(d -> d.id.equals(id)))
                .orElse(all.isEmpty() ? null : all.get(0).id);
        int page = Math.max(1, parsePage(rawPage));
        List<Hit> hits = new ArrayList<>();
        long total = 0;
        if (selected != null) {
            PeopleSearch.Hits found = search.search(selected, kind, q, (page - 1) * PAGE_SIZE, PAGE_SIZE);
            total = found.total();
            for (StoredResource r : found.resources()) {
                hits.add(hit(selected, kind, r));
            }
        }
        String kindName = kind.name().toLowerCase();
        String base = "/console/" + section + "?directory=" + (selected == null ? "" : selected)
                + (section.equals("people") ? "&kind=" + kindName : "") + "&q=" + encode(q == null ? "" : q) + "&page=";
        String previous = page > 1 ? base + (page - 1) : null;
        String next = (long) page * PAGE_SIZE < total ? base + (page + 1) : null;
        List<DirectoryOption> options = all.stream()
                .map(d -> new DirectoryOption(d.id, d.name, d.id.equals(selected))).toList();
        String title = section.equals("agents") ? "Agents" : "People";
        return html(Templates.people(signedIn.frame(title, section), options, selected, kindName, q == null ? "" : q,
                hits, total, page, previous, next));
    }

    private static Hit hit(UUID directory, PeopleSearch.Kind kind, StoredResource r) {
        ObjectNode doc = r.doc();
        String name = switch (kind) {
            case USERS -> doc.path("userName").asText("");
            case GROUPS -> doc.path("displayName").asText("");
            case AGENTS -> doc.path("name").asText("");
        };
        String status = kind == PeopleSearch.Kind.GROUPS ? "group"
                : doc.path("active").asBoolean(true) ? "active" : kind == PeopleSearch.Kind.AGENTS ? "suspended" : "inactive";
        String href = switch (kind) {
            case USERS -> "/console/people/" + directory + "/users/" + r.id();
            case AGENTS -> "/console/agents/" + directory + "/" + r.id();
            case GROUPS -> null;
        };
        return new Hit(href, name, doc.path("displayName").asText(""), doc.path("externalId").asText(""), status);
    }

    @GET
    @Path("people/{dir}/users/{id}")
    public Response user(@PathParam("dir") String dir, @PathParam("id") String id) {
        Optional<UUID> directory = directory(dir);
        Optional<UserDirectory.UserWithGroups> found = directory.flatMap(d -> parse(id)
                .flatMap(u -> users.findWithGroups(d, u, true)));
        if (found.isEmpty()) {
            return notFound("No such user", "This directory has no such user.");
        }
        UUID directoryId = directory.get();
        StoredResource user = found.get().user();
        String userName = user.doc().path("userName").asText("");
        String status = user.doc().path("active").asBoolean(true) ? "active" : "inactive";
        List<LineageQueries.Node> tree = lineage.userTree(directoryId, user.id()).orElse(List.of());
        GraphView graph = graph(directoryId, "lineage", LineageGraphs.forUser(user.id(), userName, status, tree, Set.of()),
                "Lineage of " + userName);
        List<GroupRow> groups = found.get().groups().stream()
                .map(m -> new GroupRow(m.groupId(), m.display(), m.direct())).toList();
        AuditStore.Page trail = audit.userTrail(directoryId, user.id().toString(), null, TRAIL_SIZE);
        return html(Templates.user(signedIn.frame("User " + userName, "people"), directoryId, user.id(), status,
                attributes(user, List.of("userName", "displayName", "externalId", "title", "userType")), groups, graph,
                trail(trail), trail.nextCursor() != null));
    }

    @GET
    @Path("agents/{dir}/{id}")
    public Response agent(@PathParam("dir") String dir, @PathParam("id") String id) {
        Optional<UUID> directory = directory(dir);
        Optional<StoredResource> found = directory.flatMap(d -> parse(id).flatMap(a -> agents.find(d, a)));
        if (found.isEmpty()) {
            return notFound("No such agent", "This directory has no such agent.");
        }
        UUID directoryId = directory.get();
        StoredResource agent = found.get();
        String name = agent.doc().path("name").asText("");
        String status = agent.doc().path("active").asBoolean(true) ? "active" : "suspended";
        List<LineageQueries.Chain> chains = lineage.agentChains(directoryId, agent.id()).orElse(List.of());
        // names for the chains' humans and agents: a few rows, chains are short
        Map<UUID, String> names = new LinkedHashMap<>();
        for (LineageQueries.Chain c : chains) {
            names.computeIfAbsent(c.rootUserId(), u -> users.findWithGroups(directoryId, u, false)
                    .map(w -> w.user().doc().path("userName").asText(u.toString())).orElse(u + " (deleted)"));
            for (dev.tether.lineage.Delegation d : c.delegations()) {
                names.computeIfAbsent(d.agentId(), a -> agents.find(directoryId, a)
                        .map(r -> r.doc().path("name").asText(a.toString())).orElse(a + " (deleted)"));
            }
        }
        List<Credential> held = credentials.list(directoryId, agent.id(), null, null, LineageGraphs.MAX_NODES + 1);
        GraphView graph = graph(directoryId, "lineage", LineageGraphs.forAgent(agent.id(), name, status, chains, names, held),
                "Chains of " + name);
        return html(Templates.agent(signedIn.frame("Agent " + name, "agents"), directoryId, agent.id(), status,
                attributes(agent, List.of("name", "displayName", "agentType", "externalId", "description")), graph));
    }

    /** The leaver drill: what this user's leaving would revoke now, drawn on their graph. Reads only. */
    @GET
    @Path("people/{dir}/users/{id}/leaver-drill")
    public Response leaverDrill(@PathParam("dir") String dir, @PathParam("id") String id) {
        Optional<UUID> directory = directory(dir);
        Optional<UserDirectory.UserWithGroups> found = directory.flatMap(d -> parse(id)
                .flatMap(u -> users.findWithGroups(d, u, false)));
        Optional<LeaverDrill.Result> result = found.flatMap(f -> drill.run(directory.get(), f.user().id()));
        if (result.isEmpty()) {
            return notFound("No such user", "This directory has no such user.");
        }
        UUID directoryId = directory.get();
        LeaverDrill.Result r = result.get();
        CascadeRevocation.Preview p = r.preview();
        String userName = found.get().user().doc().path("userName").asText("");
        GraphView graph = graph(directoryId, "drill-graph", LineageGraphs.forUser(r.userId(), userName,
                r.userActive() ? "active" : "inactive", r.tree(), p.ids()), "What " + userName + "'s leaving would revoke");
        List<ToldRow> told = notices.forLeaver(directoryId, p).stream()
                .map(t -> new ToldRow(t.url(), t.format(), t.status(), String.join(", ", t.eventTypes().entrySet().stream()
                        .map(e -> e.getValue() + " × " + e.getKey()).toList()))).toList();
        return html(Templates.drill(signedIn.frame("Leaver drill: " + userName, "people"), directoryId, r.userId(),
                userName, r.userActive(), new DrillCounts(p.delegations().size(), p.credentials().size(),
                        p.agents().size(), p.agentsAffected().size()), told, graph));
    }

    static GraphView graph(UUID directoryId, String id, LineageGraphs.Graph g, String title) {
        LineageGraphLayout.Layout layout = LineageGraphLayout.layout(g.root(), g.nodes(), g.edges(), LineageGraphs.MAX_NODES);
        List<NodeDetails> details = new ArrayList<>();
        for (LineageGraphLayout.Placed p : layout.nodes()) {
            List<String> lines = g.details().getOrDefault(p.node().id(), List.of(p.node().label()));
            String href = switch (p.node().kind()) {
                case USER -> "/console/people/" + directoryId + "/users/" + p.node().id();
                case AGENT -> "/console/agents/" + directoryId + "/" + p.node().id();
                default -> null;
            };
            details.add(new NodeDetails(LineageGraphSvg.domId(p.node().id()), lines.get(0), lines.subList(1, lines.size()),
                    href));
        }
        List<String> summaries = layout.summaries().stream()
                .map(s -> layout.node(s.summaryId()).node().label()).toList();
        return new GraphView(id, LineageGraphSvg.render(layout, title), details, summaries, g.edges().isEmpty());
    }

    private static List<Attribute> attributes(StoredResource r, List<String> names) {
        List<Attribute> out = new ArrayList<>();
        for (String n : names) {
            JsonNode v = r.doc().get(n);
            if (v != null && !v.isNull()) {
                out.add(new Attribute(n, v.isTextual() ? v.asText() : v.toString()));
            }
        }
        JsonNode emails = r.doc().get("emails");
        if (emails != null && emails.isArray()) {
            List<String> values = new ArrayList<>();
            emails.forEach(e -> values.add(e.path("value").asText()));
            out.add(new Attribute("emails", String.join(", ", values)));
        }
        out.add(new Attribute("id", r.id().toString()));
        out.add(new Attribute("lastModified", String.valueOf(r.lastModified())));
        return out;
    }

    static List<TrailRow> trail(AuditStore.Page page) {
        List<TrailRow> rows = new ArrayList<>();
        for (ObjectNode line : page.records()) {
            JsonNode r = line.path("record");
            JsonNode target = r.path("target");
            rows.add(new TrailRow(r.path("time").asText(), r.path("actor").path("type").asText() + " "
                    + r.path("actor").path("id").asText(), r.path("action").asText(),
                    target.isNull() || target.isMissingNode() ? "" : target.path("type").asText() + " " + target.path("id").asText(),
                    r.path("cause").asText("")));
        }
        return rows;
    }

    private Optional<UUID> directory(String raw) {
        return parse(raw).filter(id -> !Directories.isOperatorTrail(id)).flatMap(directories::find).map(d -> d.id);
    }

    private Response notFound(String title, String message) {
        return pages.refusal(Response.Status.NOT_FOUND, title, message);
    }

    private static Response html(TemplateInstance page) {
        return Response.ok(page.render()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    static Optional<UUID> parse(String raw) {
        try {
            return raw == null ? Optional.empty() : Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int parsePage(String raw) {
        try {
            return raw == null ? 1 : Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
