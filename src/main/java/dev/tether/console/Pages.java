package dev.tether.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The pages every console surface shares: a refusal, and the hop that continues a sign-in or link. */
@ApplicationScoped
public class Pages {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance refusal(String title, String message);

        static native TemplateInstance proceed(String title, String message, String next);
    }

    /** A plain page saying what was refused and what to do, naming nothing the caller may not know. */
    public Response refusal(Response.Status status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.refusal(title, message).render()).build();
    }

    /**
     * 200 with a page that moves on to {@code next} by itself (meta refresh, no script needed).
     * Not a redirect: after a hop from another site (the IdP, a link in a mail) a redirect would
     * still count as cross-site, and the browser would hold back the SameSite=Strict cookie just set.
     */
    public Response proceed(String title, String message, String next, String... setCookies) {
        Response.ResponseBuilder response = Response.ok(Templates.proceed(title, message, next).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        for (String cookie : setCookies) {
            response.header("Set-Cookie", cookie);
        }
        return response.build();
    }
}
