package dev.tether.admin;

import dev.tether.security.AdminRoles;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
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
@CustomDeserialization(StrictJsonBinding.class)
public class CredentialStatusResource {

    @Inject
    CredentialStatusCheck statusCheck;

    @POST
    @Path("status")
    public Map<String, List<CredentialStatusCheck.StatusView>> status(
            CredentialStatusCheck.StatusRequest body) {
        BodyFaults.require(body, AdminErrorMapping.NOT_AN_OBJECT);
        return statusCheck.check(null, body);
    }
}
