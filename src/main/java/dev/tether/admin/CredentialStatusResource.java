package dev.tether.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.security.AdminRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * Credential status for downstream apps, which know a credential by its audience and external
 * id but not by directory. Same answer shape as the per-directory endpoint.
 */
@Path("/admin/v1/credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({AdminRoles.OPERATOR, AdminRoles.INTEGRATION})
public class CredentialStatusResource {

    @Inject
    LineageAdminResource lineage;

    @POST
    @Path("status")
    public Map<String, List<LineageAdminResource.StatusView>> status(JsonNode body) {
        return Map.of("credentials", lineage.status(null, body));
    }
}
