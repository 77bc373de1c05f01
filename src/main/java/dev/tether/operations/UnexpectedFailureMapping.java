package dev.tether.operations;

import dev.tether.platform.UnexpectedFailures;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The answer to a failure no other mapper knows: 503 with {@code Retry-After} while the
 * database is out of reach, 500 otherwise, never a stack trace. The response has no body here;
 * each protocol's response filter writes it in its own format (a SCIM error under /scim, a
 * problem detail under /admin), and the request id filter adds {@code X-Request-Id}. The log
 * line carries the request id (MDC) and the failure without its messages, which for a database
 * error would quote the request's own values.
 */
public class UnexpectedFailureMapping {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapping.class);

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (UnexpectedFailures.databaseUnavailable(e)) {
            LOG.warn("Database unavailable; answered 503", UnexpectedFailures.redacted(e));
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, UnexpectedFailures.RETRY_AFTER_SECONDS)
                    .build();
        }
        LOG.error("Request failed unexpectedly; answered 500", UnexpectedFailures.redacted(e));
        return Response.serverError().build();
    }
}
