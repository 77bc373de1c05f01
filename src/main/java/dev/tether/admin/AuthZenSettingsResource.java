package dev.tether.admin;

import dev.tether.authz.DecisionRecording;
import dev.tether.security.AdminRoles;
import dev.tether.security.RequestCause;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A directory's AuthZEN settings: whether its decisions go on the action trail (docs/authzen.md). */
@Path("/admin/v1/directories/{dir}/authzen")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(AdminRoles.OPERATOR)
@CustomDeserialization(StrictJsonBinding.class)
public class AuthZenSettingsResource {

    static final String MODES = "\"recordDecisions\" must be off, denies or all";

    @Inject
    DirectoryLookup lookup;

    @Inject
    DecisionRecording recording;

    @Inject
    RequestCause cause;

    public record Settings(@Schema(required = true) String recordDecisions) implements BodyFaults.Checked {

        @Override
        public void check(BodyFaults faults) {
            faults.required("recordDecisions", recordDecisions, MODES);
        }
    }

    @GET
    public Settings get(@PathParam("dir") String dir) {
        return new Settings(recording.read(lookup.directoryOr404(dir).id));
    }

    @PUT
    public Settings put(@PathParam("dir") String dir,
            Settings body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        UUID directoryId = lookup.directoryOr404(dir).id;
        if (!DecisionRecording.MODES.contains(body.recordDecisions())) {
            throw AdminProblemException.badField("/recordDecisions", MODES);
        }
        recording.set(directoryId, body.recordDecisions(), cause.get());
        return new Settings(body.recordDecisions());
    }
}
