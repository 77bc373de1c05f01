package dev.tether.signals;

import java.io.IOException;
import java.util.Map;

/**
 * The receiver's calls out to a transmitter (its JWKS, its configuration and stream endpoints,
 * its poll endpoint). The implementation holds them to the same private-address rule as event
 * delivery, on the address it connects to, and follows no redirects.
 */
public interface TransmitterHttp {

    /** An answer: status, content type (may be null) and body as text. */
    record Reply(int status, String contentType, String body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Why {@code url} may not be called (not http(s), or a private address while those are not
     * allowed), or null when it may: the early, friendly check when a source is written. The
     * rule that counts is applied again on the address each call connects to.
     */
    String refusal(String url);

    /** @throws IOException the target was refused, did not resolve, or did not answer in time */
    Reply send(String method, String url, Map<String, String> headers, String body) throws IOException;

    default Reply get(String url, Map<String, String> headers) throws IOException {
        return send("GET", url, headers, null);
    }
}
