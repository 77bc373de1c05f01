package dev.tether.admin;

import dev.tether.security.RequestCause;
import dev.tether.signals.SignalReceiver;
import dev.tether.signals.SignalRefusal;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The RFC 8935 push endpoint of each signal source: a transmitter POSTs one SET as
 * {@code application/secevent+jwt} with the Authorization header the source was given. 202
 * when accepted (a replayed jti too: it has no second effect); otherwise 400 with
 * {@code {"err", "description"}} and nothing changed.
 */
@Path(SignalPushResource.PATH + "/{source}")
@PermitAll
public class SignalPushResource {

    public static final String PATH = "/ssf/push";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(SignalPushResource.class);

    @Inject
    SignalReceiver receiver;

    @Inject
    RequestCause cause;

    /** An RFC 8935 error response: {@code err} one of its error codes, {@code description} for people. */
    public record PushRefusal(String err, String description) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @APIResponse(responseCode = "202", description = "accepted (a replayed jti too: it has no second effect)")
    @APIResponse(responseCode = "400", description = "refused, nothing changed (RFC 8935 error codes)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PushRefusal.class)))
    public Response push(@PathParam("source") String source, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        try {
            receiver.push(AdminIds.parse(source).orElse(null), authorization, contentType, body == null ? new byte[0] : body,
                    cause.withoutCaller());
            return Response.accepted().build();
        } catch (SignalRefusal e) {
            // the transmitter sees the reason; the operator finds it in the log
            LOG.infof("SET refused at %s: %s (%s)", source, e.err(), e.description());
            return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                    .entity(new PushRefusal(e.err(), e.description())).build();
        }
    }
}
