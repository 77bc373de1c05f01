package dev.tether.admin;

import dev.tether.lineage.LineageRefusal;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns admin API failures into RFC 9457 problem details. Security failures are mapped here
 * too, so an operator's client sees JSON on 401/403 as well.
 */
public class AdminErrorMapping {

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

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED,
                        "a valid bearer JWT is required").toResponse())
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Response.Status.FORBIDDEN, "the token lacks the role this operation needs").toResponse();
    }
}
