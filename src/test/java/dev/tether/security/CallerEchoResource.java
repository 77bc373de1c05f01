package dev.tether.security;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Test-only SCIM endpoint that shows what a real endpoint would see through ScimCaller. */
@Path("/scim/v2/{directoryId}/_test/caller")
public class CallerEchoResource {

    @Inject
    ScimCaller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> caller() {
        return Map.of("directoryId", caller.directoryId().toString(), "tokenId", caller.tokenId().toString());
    }
}
