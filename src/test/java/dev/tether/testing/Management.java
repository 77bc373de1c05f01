package dev.tether.testing;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The management interface of the test server (health, metrics, OpenAPI): its own port, a free
 * one in tests ({@code quarkus.management.test-port=0}), never the public port.
 */
public final class Management {

    private Management() {
    }

    /** The management base URL of the running test server, e.g. {@code http://localhost:40123}. */
    public static String url() {
        // test.management.url ends with the management root path (/q); paths here are absolute
        java.net.URI u = java.net.URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
        return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
    }

    /** The absolute URL of {@code path} on the management interface: {@code given().get(Management.at("/q/metrics"))}. */
    public static String at(String path) {
        return url() + path;
    }

    /** The Prometheus scrape. */
    public static String metrics() {
        return given().get(at("/q/metrics")).then().statusCode(200).extract().asString();
    }
}
