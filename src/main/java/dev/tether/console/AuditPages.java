package dev.tether.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.audit.AuditStore;
import dev.tether.audit.ChainVerifier;
import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The audit pages: browse a directory's records or the operator trail, filtered by actor,
 * target, action and time, paged; verify the chain and show the latest signed checkpoint;
 * download the export the standalone verifier reads. The same store and verifier as the
 * admin API; nothing here writes.
 */
@Path("/console/audit")
@BrowserPage
@Produces(MediaType.TEXT_HTML)
public class AuditPages {

    static final int PAGE_SIZE = 50;

    @Inject
    SignedIn signedIn;

    @Inject
    Pages pages;

    @Inject
    Directories directories;

    @Inject
    AuditStore audit;

    @TemplateData
    public record TrailOption(UUID id, String name, boolean selected) {
    }

    @TemplateData
    public record RecordRow(String position, String time, String actor, String action, String target, String cause) {
    }

    /** The filters as typed, echoed back into the form. */
    @TemplateData
    public record Filters(String actor, String target, String action, String from, String to) {
    }

    @TemplateData
    public record Verification(boolean ok, long checkedThrough, Long signedThrough, Long firstBrokenPosition,
            String reason, Long unsignedTail) {
    }

    @TemplateData
    public record Checkpoint(long chainLength, String headHash, Instant signedAt, boolean signatureValid, String problem) {
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance audit(PageFrame frame, List<TrailOption> trails, UUID trail, Filters filters,
                List<RecordRow> records, String next, String error);

        static native TemplateInstance auditVerify(PageFrame frame, List<TrailOption> trails, UUID trail, String trailName,
                Verification result, Checkpoint checkpoint);
    }

    @GET
    public Response browse(@QueryParam("directory") String directory, @QueryParam("actor") String actor,
            @QueryParam("target") String target, @QueryParam("action") String action, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("cursor") String cursor) {
        List<Directory> all = trails();
        UUID trail = choose(all, directory);
        Filters filters = new Filters(text(actor), text(target), text(action), text(from), text(to));
        Instant fromAt;
        Instant toAt;
        Long after;
        try {
            fromAt = instant(filters.from(), "From");
            toAt = instant(filters.to(), "To");
            after = cursor == null || cursor.isBlank() ? null : Long.valueOf(cursor);
        } catch (IllegalArgumentException e) {
            String message = e instanceof NumberFormatException ? "That page link is not one this page made." : e.getMessage();
            return html(Response.Status.BAD_REQUEST, Templates.audit(frame(), options(all, trail), trail, filters,
                    List.of(), null, message));
        }
        AuditStore.Page page = audit.list(trail, new AuditStore.Query(fromAt, toAt, blank(filters.actor()),
                blank(filters.target()), null, blank(filters.action()), after, PAGE_SIZE));
        List<RecordRow> rows = new ArrayList<>();
        for (ObjectNode line : page.records()) {
            JsonNode r = line.path("record");
            JsonNode t = r.path("target");
            rows.add(new RecordRow(line.path("position").isNull() ? "unsealed" : line.path("position").asText(),
                    r.path("time").asText(), r.path("actor").path("type").asText() + " " + r.path("actor").path("id").asText(),
                    r.path("action").asText(), t.isNull() || t.isMissingNode() ? "" : t.path("type").asText() + " "
                            + t.path("id").asText(), r.path("cause").asText("")));
        }
        String next = page.nextCursor() == null ? null : "/console/audit?directory=" + trail + "&actor=" + enc(filters.actor())
                + "&target=" + enc(filters.target()) + "&action=" + enc(filters.action()) + "&from=" + enc(filters.from())
                + "&to=" + enc(filters.to()) + "&cursor=" + page.nextCursor();
        return html(Response.Status.OK, Templates.audit(frame(), options(all, trail), trail, filters, rows, next, null));
    }

    @GET
    @Path("verify")
    public Response verify(@QueryParam("directory") String directory) {
        List<Directory> all = trails();
        UUID trail = choose(all, directory);
        ChainVerifier.Result r = audit.verify(trail);
        Checkpoint checkpoint = audit.latestCheckpoint(trail).map(c -> new Checkpoint(c.chainLength(), c.headHash(),
                c.signedAt(), c.signatureValid(), c.problem())).orElse(null);
        String name = all.stream().filter(d -> d.id.equals(trail)).map(AuditPages::label).findFirst().orElse("");
        return html(Response.Status.OK, Templates.auditVerify(signedIn.frame("Verify the audit chain", "audit"),
                options(all, trail), trail, name, new Verification(r.ok(), r.checkedThrough(), r.signedThrough(),
                        r.firstBrokenPosition(), r.reason(), r.unsignedTail()), checkpoint));
    }

    /** The sealed chain with its checkpoints as JSON Lines, the standalone verifier's input. */
    @GET
    @Path("export")
    @Produces("application/jsonl")
    public Response export(@QueryParam("directory") String directory) {
        UUID trail = choose(trails(), directory);
        StreamingOutput body = out -> audit.export(trail, out);
        String name = Directories.isOperatorTrail(trail) ? "operator-trail" : trail.toString();
        return Response.ok(body, "application/jsonl")
                .header("Content-Disposition", "attachment; filename=\"audit-" + name + ".jsonl\"").build();
    }

    private PageFrame frame() {
        return signedIn.frame("Audit", "audit");
    }

    /** Every directory's trail, and the operator trail last. */
    private List<Directory> trails() {
        List<Directory> out = new ArrayList<>(directories.list().stream()
                .filter(d -> !Directories.isOperatorTrail(d.id)).toList());
        out.add(directories.operatorTrail());
        return out;
    }

    /** The trail asked for when it is one of these; else the first (an unknown id shows no hint of anything). */
    private static UUID choose(List<Directory> all, String raw) {
        Optional<UUID> asked = PeoplePages.parse(raw).filter(id -> all.stream().anyMatch(d -> d.id.equals(id)));
        return asked.orElse(all.isEmpty() ? Directories.OPERATOR_TRAIL : all.get(0).id);
    }

    private static List<TrailOption> options(List<Directory> all, UUID selected) {
        return all.stream().map(d -> new TrailOption(d.id, label(d), d.id.equals(selected))).toList();
    }

    private static String label(Directory d) {
        return Directories.isOperatorTrail(d.id) ? "Operator trail" : d.name;
    }

    private static Instant instant(String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an instant such as 2026-01-31T00:00:00Z.");
        }
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    private static String blank(String s) {
        return s.isEmpty() ? null : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Response html(Response.Status status, TemplateInstance page) {
        return Response.status(status).entity(page.render()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}
