package dev.tether.scim.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.directory.InvalidMemberException;
import dev.tether.directory.NotFoundInDirectoryException;
import dev.tether.directory.PreconditionFailedException;
import dev.tether.directory.UniquenessException;
import dev.tether.platform.UnexpectedFailures;
import dev.tether.scim.filter.FilterException;
import dev.tether.scim.patch.PatchException;
import dev.tether.scim.schema.ScimValidationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Turns every failure of a SCIM request into an RFC 7644 §3.12 error response. */
public class ScimErrorMapping {

    private final ObjectMapper mapper;

    public ScimErrorMapping(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The SCIM error a failure stands for, or null when it is not a client's mistake. Bulk
     * uses this too, so one operation's failure reads the same as a single request's.
     */
    static ScimException asScimError(Throwable e) {
        if (e instanceof ScimException s) {
            return s;
        }
        if (e instanceof NotFoundInDirectoryException n) {
            return new ScimException(404, null, n.resourceType() + " " + n.id() + " not found");
        }
        if (e instanceof PreconditionFailedException) {
            return ScimException.preconditionFailed();
        }
        if (e instanceof UniquenessException u) {
            return ScimException.conflict("uniqueness", u.getMessage());
        }
        if (e instanceof InvalidMemberException m) {
            return ScimException.badRequest("invalidValue", m.getMessage());
        }
        return ScimProtocol.asScimError(e);
    }

    /**
     * A path or method the SCIM endpoints do not serve still answers in SCIM's error format;
     * elsewhere (admin API, health) the framework's own response stands.
     */
    @ServerExceptionMapper({NotFoundException.class, NotAllowedException.class, NotSupportedException.class})
    public Response unmatched(WebApplicationException e, UriInfo uri) {
        if (!uri.getPath().startsWith("/scim/")) {
            return e.getResponse();
        }
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 404 -> "No SCIM endpoint at " + uri.getPath();
            case 405 -> "This SCIM endpoint does not support that method";
            default -> e.getMessage();
        };
        return ScimResponses.error(mapper, status, null, detail);
    }

    @ServerExceptionMapper({ScimException.class, NotFoundInDirectoryException.class, FilterException.class,
            PatchException.class, ScimValidationException.class,
            PreconditionFailedException.class, UniquenessException.class, InvalidMemberException.class})
    public Response directoryFailure(RuntimeException e) {
        ScimException s = asScimError(e);
        return ScimResponses.error(mapper, s.status(), s.scimType(), s.detail());
    }

    /**
     * Errors answered without a body (the framework's own refusals, a failure nothing expected,
     * the database out of reach) still reach a SCIM client as an RFC 7644 §3.12 error.
     */
    @ServerResponseFilter
    public void scimBody(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.hasEntity() || !request.getUriInfo().getPath().startsWith("/scim/")) {
            return;
        }
        String detail = switch (status) {
            case 500 -> "The request failed inside the server; its X-Request-Id names it in the server log";
            case 503 -> "The directory store is unavailable; retry after "
                    + UnexpectedFailures.RETRY_AFTER_SECONDS + " seconds";
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                yield known == null ? "HTTP " + status : known.getReasonPhrase();
            }
        };
        byte[] body = ScimResponses.errorBody(mapper, status, null, detail).toString().getBytes(StandardCharsets.UTF_8);
        response.setEntity(body, null, MediaType.valueOf(ScimMediaType.SCIM_JSON_UTF8));
    }
}
