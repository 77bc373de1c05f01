package dev.tether.platform;

import java.net.URI;

/**
 * The base URL clients reach Tether at, as every absolute link it hands out starts: the
 * {@code tether.public-base-url} setting (behind a proxy the request's own host and scheme may be
 * wrong), else the base of the request being answered; never with a trailing slash.
 */
public final class PublicBaseUrl {

    private PublicBaseUrl() {
    }

    public static String of(TetherConfig config, URI requestBase) {
        String base = config.publicBaseUrl().orElseGet(requestBase::toString);
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return base.substring(0, end);
    }
}
