package dev.tether.console;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as pages show them to people: to the second, in UTC, said so ({@code {at.shown}} in a template). */
@TemplateExtension
public final class PageTimes {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private PageTimes() {
    }

    static String shown(Instant at) {
        return at == null ? "" : SHOWN.format(at);
    }
}
