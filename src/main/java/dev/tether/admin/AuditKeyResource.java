package dev.tether.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.audit.CheckpointJws;
import dev.tether.audit.CheckpointKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.security.interfaces.RSAPublicKey;

/** The keys that verify audit checkpoints, published so anyone holding an export can check it. */
@Path("/admin/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class AuditKeyResource {

    @Inject
    CheckpointKeys keys;

    @Inject
    ObjectMapper mapper;

    /** The key that signs checkpoints now, as PEM (SubjectPublicKeyInfo). Public by nature. */
    @GET
    @Path("public-key.pem")
    @Produces("application/x-pem-file")
    public String publicKeyPem() {
        return keys.publicKeyPem();
    }

    /**
     * Every key checkpoints are verified with, as a JWK Set (RFC 7517): the current one first,
     * then earlier signing keys this process used and the configured previous keys. kid is the
     * RFC 7638 thumbprint, the same as in each checkpoint's JWS header.
     */
    @GET
    @Path("jwks.json")
    public ObjectNode jwks() {
        ObjectNode set = mapper.createObjectNode();
        ArrayNode list = set.putArray("keys");
        for (RSAPublicKey key : keys.verificationKeys().values()) {
            list.add(CheckpointJws.jwk(key, mapper));
        }
        return set;
    }

}
