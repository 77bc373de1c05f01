package dev.tether.admin;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tether.audit.DeniedAdminCalls;
import dev.tether.lineage.LineageRefusal;
import dev.tether.platform.UnexpectedFailures;
import dev.tether.security.RequestCause;
import io.quarkus.resteasy.reactive.jackson.runtime.mappers.BuiltinMismatchedInputExceptionMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every failure of an admin API request as an RFC 9457 problem detail
 * ({@code application/problem+json}: type, title, status, detail): refusals of the admin code
 * and of lineage, a body that does not bind to its record or breaks its constraints, framework
 * errors, and security failures (so an operator's client sees JSON on 401/403 as well).
 * <p>
 * Failures that could also happen on other paths (JSON binding, other
 * {@link WebApplicationException}s) are turned into problems only under {@code /admin/}; elsewhere
 * they get the framework's own answer, and SCIM keeps its error format. The AuthZEN decision point
 * ({@code /authzen/}) answers errors the same way.
 */
public class AdminErrorMapping {

    static final String ADMIN_PATH = "/admin/";
    /** The AuthZEN decision point and its metadata answer errors as the admin API does. */
    static final String AUTHZEN_PATH = "/authzen/";
    static final String AUTHZEN_METADATA_PATH = "/.well-known/authzen-configuration/";
    static final String NOT_JSON = "the request body is not valid JSON";
    static final String NOT_AN_OBJECT = "the request body must be a JSON object";
    static final String RFC_3339 = "must be an RFC 3339 date-time";
    static final String RFC_3339_EXAMPLE = "2026-12-31T23:59:59Z";

    @ServerExceptionMapper
    public Response problem(AdminProblemException e) {
        return e.problem.toResponse();
    }

    @ServerExceptionMapper
    public Response refused(LineageRefusal e) {
        Response.Status status = switch (e.kind()) {
            case CONFLICT -> Response.Status.CONFLICT;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
            default -> Response.Status.BAD_REQUEST;
        };
        return Problem.of(status, e.getMessage()).toResponse();
    }

    /** A report of agent actions refused: 400 naming the place, 409 for an Idempotency-Key reused with another body. */
    @ServerExceptionMapper
    public Response actionRefused(dev.tether.authz.ActionRefusal e) {
        if (e.conflict()) {
            return Problem.of(Response.Status.CONFLICT, e.getMessage()).toResponse();
        }
        return Problem.of(Response.Status.BAD_REQUEST, e.getMessage(), List.of(Problem.Fault.at(e.pointer(), e.getMessage())))
                .toResponse();
    }

    /** A recertification request refused: 400 naming the field, 403 not the item's reviewer, 404, or 409. */
    @ServerExceptionMapper
    public Response reviewRefused(dev.tether.reviews.ReviewRefusal e) {
        return switch (e.kind()) {
            case NOT_FOUND -> Problem.of(Response.Status.NOT_FOUND, e.getMessage()).toResponse();
            case CONFLICT -> Problem.of(Response.Status.CONFLICT, e.getMessage()).toResponse();
            case NOT_THE_REVIEWER -> Problem.of(Response.Status.FORBIDDEN, e.getMessage()).toResponse();
            case INVALID -> e.pointer() == null ? Problem.of(Response.Status.BAD_REQUEST, e.getMessage()).toResponse()
                    : Problem.of(Response.Status.BAD_REQUEST, e.getMessage(),
                            List.of(Problem.Fault.at(e.pointer(), e.getMessage()))).toResponse();
        };
    }

    /** A change to a subscription refused: 400 naming the field, 404, or 409. */
    @ServerExceptionMapper
    public Response subscriptionRefused(dev.tether.events.SubscriptionRefusal e) {
        return switch (e.kind()) {
            case NOT_FOUND -> Problem.of(Response.Status.NOT_FOUND, e.getMessage()).toResponse();
            case CONFLICT -> Problem.of(Response.Status.CONFLICT, e.getMessage()).toResponse();
            case INVALID -> e.pointer() == null ? Problem.of(Response.Status.BAD_REQUEST, e.getMessage()).toResponse()
                    : Problem.of(Response.Status.BAD_REQUEST, e.getMessage(),
                            List.of(Problem.Fault.at(e.pointer(), e.getMessage()))).toResponse();
        };
    }

    /** Counts refused admin calls for the operator trail (401 anonymous, 403 by JWT subject). */
    @Inject
    DeniedAdminCalls denied;

    @Inject
    RequestCause cause;

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        if (isAdmin(uri)) {
            denied.unauthenticated(cause.sourceAddress());
        }
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED,
                        "a valid bearer JWT is required").toResponse())
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        if (isAdmin(uri)) {
            denied.forbidden(cause.sourceAddress(), cause.get().actor().id());
        }
        return Problem.of(Response.Status.FORBIDDEN, "the token lacks the role this operation needs").toResponse();
    }

    /** A request body broke its record's rules (only admin resources check so): 400 naming every field at fault. */
    @ServerExceptionMapper
    public Response invalid(BodyFaults.InvalidBody e) {
        return e.problem().toResponse();
    }

    /** A body of the wrong shape (a string where an array belongs, a malformed id or time): 400 naming the field. */
    @ServerExceptionMapper
    public Response unbindable(MismatchedInputException e, UriInfo uri) {
        if (!isAdmin(uri)) {
            return new BuiltinMismatchedInputExceptionMapper().toResponse(e);
        }
        return bindingProblem(Response.Status.BAD_REQUEST, e).toResponse();
    }

    /**
     * Framework failures: the body reader reports malformed JSON and other binding failures as a
     * 400 with the Jackson exception as cause; the rest keep their status and message.
     */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (!isAdmin(uri) || status == null) {
            return e.getResponse();
        }
        if (e.getCause() instanceof com.fasterxml.jackson.core.JacksonException cause) {
            return bindingProblem(status, cause).toResponse();
        }
        return Problem.of(status, e.getMessage()).toResponse();
    }

    /**
     * Errors the framework answers without an exception reaching the mappers above (no such
     * path, method or media type under /admin/) still get a problem body.
     */
    @ServerResponseFilter
    public void problemBody(ContainerRequestContext request, ContainerResponseContext response) {
        Response.Status status = Response.Status.fromStatusCode(response.getStatus());
        if (status == null || status.getStatusCode() < 400 || response.hasEntity() || !isAdmin(request.getUriInfo())) {
            return;
        }
        String detail = switch (status) {
            case INTERNAL_SERVER_ERROR -> "the request failed inside the server; its X-Request-Id names it in the server log";
            case SERVICE_UNAVAILABLE -> "the database is unavailable; retry after "
                    + UnexpectedFailures.RETRY_AFTER_SECONDS + " seconds";
            default -> "HTTP " + status.getStatusCode() + " " + status.getReasonPhrase();
        };
        Problem problem = Problem.of(status, detail);
        response.setEntity(problem, null, MediaType.valueOf(Problem.MEDIA_TYPE));
    }

    static boolean isAdmin(UriInfo uri) {
        String path = uri.getPath();
        return path.startsWith(ADMIN_PATH) || path.startsWith(AUTHZEN_PATH) || path.startsWith(AUTHZEN_METADATA_PATH);
    }

    /** A body that did not bind: the detail as before, and where it broke as a JSON Pointer. */
    static Problem bindingProblem(Response.Status status, Throwable e) {
        String detail = bindingDetail(e);
        if (NOT_JSON.equals(detail)) {
            return Problem.of(status, detail);
        }
        StringBuilder pointer = new StringBuilder();
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                pointer.append('/').append(ref.getFieldName() != null ? Problem.token(ref.getFieldName())
                        : String.valueOf(ref.getIndex()));
            }
        }
        String fault = detail.endsWith(RFC_3339) ? detail + ", e.g. " + RFC_3339_EXAMPLE : detail;
        return Problem.of(status, detail, List.of(Problem.Fault.at(NOT_AN_OBJECT.equals(detail) ? "" : pointer.toString(),
                fault)));
    }

    /**
     * What is wrong with a body that did not bind, naming the field by its JSON path
     * ({@code "delegator.type" must be a string}). Malformed JSON, wherever it breaks off, is
     * just that.
     */
    static String bindingDetail(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException) {
                return NOT_JSON;
            }
        }
        if (!(e instanceof JsonMappingException m)) {
            return NOT_JSON;
        }
        if (m.getOriginalMessage() != null && m.getOriginalMessage().contains("FAIL_ON_TRAILING_TOKENS")) {
            return NOT_JSON; // a second document, or anything else, after the body's one
        }
        if (m.getPath().isEmpty()) {
            return NOT_AN_OBJECT;
        }
        StringBuilder field = new StringBuilder();
        Type declared = null;
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() == null) {
                continue; // an array index: the expectation is said of the array
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(ref.getFieldName());
            declared = componentType(ref.getFrom(), ref.getFieldName());
        }
        if (field.isEmpty()) {
            return NOT_AN_OBJECT;
        }
        if (m instanceof StrictJsonBinding.UnstorableText unstorable) {
            return "\"" + field + "\" " + unstorable.reason;
        }
        if (declared == null && m instanceof MismatchedInputException mismatch) {
            declared = mismatch.getTargetType();
        }
        return "\"" + field + "\" " + expectation(declared);
    }

    private static Type componentType(Object from, String name) {
        Class<?> owner = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
        if (owner == null || !owner.isRecord()) {
            return null;
        }
        for (RecordComponent component : owner.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component.getGenericType();
            }
        }
        return null;
    }

    private static String expectation(Type type) {
        Class<?> raw = raw(type);
        if (raw == Optional.class || raw == PatchField.class) {
            return expectation(typeArgument(type));
        }
        if (raw != null && Collection.class.isAssignableFrom(raw)) {
            return "must be an array of " + plural(raw(typeArgument(type)));
        }
        if (raw == null) {
            return "has the wrong type";
        }
        if (raw == String.class) {
            return "must be a string";
        }
        if (raw == UUID.class) {
            return "is not an id";
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return "must be an integer";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "must be true or false";
        }
        if (raw == OffsetDateTime.class || raw == Instant.class) {
            return RFC_3339;
        }
        return "must be a JSON object";
    }

    private static String plural(Class<?> element) {
        if (element == String.class) {
            return "strings";
        }
        if (element == UUID.class) {
            return "ids";
        }
        if (element == Integer.class || element == Long.class) {
            return "integers";
        }
        return "objects";
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static Type typeArgument(Type type) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : null;
    }
}
