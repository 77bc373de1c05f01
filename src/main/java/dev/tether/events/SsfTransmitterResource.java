package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.PublicBaseUrl;
import dev.tether.platform.TetherConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** Public SSF transmitter metadata and the JWKS that verifies Tether's SETs. */
@Path("/")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class SsfTransmitterResource {

    public static final String JWKS_PATH = "/ssf/jwks.json";

    private final SetSigningKeys keys;
    private final SecurityEventTokens sets;
    private final TetherConfig tether;
    private final ObjectMapper mapper;

    @Context
    UriInfo uriInfo;

    public SsfTransmitterResource(SetSigningKeys keys, SecurityEventTokens sets, TetherConfig tether,
            ObjectMapper mapper) {
        this.keys = keys;
        this.sets = sets;
        this.tether = tether;
        this.mapper = mapper;
    }

    @GET
    @Path(".well-known/ssf-configuration")
    public ObjectNode configuration() {
        ObjectNode meta = mapper.createObjectNode();
        meta.put("spec_version", "1_0");
        meta.put("issuer", sets.issuer());
        meta.put("jwks_uri", baseUrl() + JWKS_PATH);
        meta.putArray("delivery_methods_supported").add("urn:ietf:rfc:8935");
        return meta;
    }

    @GET
    @Path("ssf/jwks.json")
    @Produces({"application/jwk-set+json", MediaType.APPLICATION_JSON})
    public ObjectNode jwks() {
        return keys.jwks();
    }

    private String baseUrl() {
        return PublicBaseUrl.of(tether, uriInfo.getBaseUri());
    }
}
