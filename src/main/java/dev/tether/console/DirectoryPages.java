package dev.tether.console;

import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import dev.tether.security.RequestCause;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** The operator's directory pages: every directory at a glance, and creating one. */
@Path("/console/directories")
@BrowserPage
@Produces(MediaType.TEXT_HTML)
public class DirectoryPages {

    static final int MAX_NAME_LENGTH = 200;

    @Inject
    SignedIn signedIn;

    @Inject
    Directories directories;

    @Inject
    AuditLog audit;

    @Inject
    RequestCause cause;

    @Inject
    Pages pages;

    @TemplateData
    public record DirectoryRow(UUID id, String name, Instant createdAt, boolean disabled) {
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance directories(PageFrame frame, List<DirectoryRow> rows, String error);
    }

    @GET
    public TemplateInstance list() {
        return page(null);
    }

    private TemplateInstance page(String error) {
        List<DirectoryRow> rows = directories.list().stream()
                .map(d -> new DirectoryRow(d.id, d.name, d.createdAt, d.disabled())).toList();
        return Templates.directories(signedIn.frame("Directories", "directories"), rows, error);
    }

    @POST
    @Transactional
    public Response create(@RestForm String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME_LENGTH) {
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.TEXT_HTML_TYPE)
                    .entity(page("A directory needs a name of 1 to " + MAX_NAME_LENGTH + " characters.").render()).build();
        }
        Directory created = directories.create(stripped);
        audit.appendAfterOrmWrites(AuditEntry.of(created.id, "directory.create").target("Directory", created.id)
                .detail("name", stripped).cause(cause.get()));
        return Response.seeOther(URI.create("/console/directories/" + created.id)).build();
    }
}
