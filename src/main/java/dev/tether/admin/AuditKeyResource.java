package dev.tether.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.audit.CheckpointJws;
import dev.tether.audit.CheckpointKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The key that verifies audit checkpoints, published so anyone holding an export can check it. */
@Path("/admin/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuditKeyResource {

    @Inject
    CheckpointKeys keys;

    @Inject
    ObjectMapper mapper;

    /** The checkpoint verification key as PEM (SubjectPublicKeyInfo). Public by nature. */
    @GET
    @Path("public-key.pem")
    @Produces("application/x-pem-file")
    public String publicKeyPem() {
        return keys.publicKeyPem();
    }

    /** The checkpoint verification key as a JWK Set (RFC 7517); kid is the RFC 7638 thumbprint. */
    @GET
    @Path("jwks.json")
    public ObjectNode jwks() {
        ObjectNode set = mapper.createObjectNode();
        set.putArray("keys").add(CheckpointJws.jwk(keys.publicKey(), mapper));
        return set;
    }

}
