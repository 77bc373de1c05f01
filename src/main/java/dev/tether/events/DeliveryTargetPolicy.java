package dev.tether.events;

import dev.tether.platform.WebhooksConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Refuses webhook targets inside the operator's own network (SSRF): URLs whose host resolves to
 * a private, loopback, link-local, unique-local, CGNAT or unspecified address. Checked when a
 * subscription is written and again before every attempt, since DNS answers change.
 */
@ApplicationScoped
public class DeliveryTargetPolicy {

    private final WebhooksConfig config;

    public DeliveryTargetPolicy(WebhooksConfig config) {
        this.config = config;
    }

    /** The reason the URL may not be a target, or null when it may. */
    public String refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "\"url\" is not a valid URI";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "\"url\" must be http or https";
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return "\"url\" must name a host and no user info";
        }
        if (config.allowPrivateTargets()) {
            return null;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return "the host of \"url\" does not resolve";
        }
        for (InetAddress a : addresses) {
            if (isInternal(a)) {
                return "\"url\" resolves to a private, loopback or link-local address ("
                        + a.getHostAddress() + "); set tether.webhooks.allow-private-targets=true to allow it";
            }
        }
        return null;
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10 carrier-grade NAT
    }
}
