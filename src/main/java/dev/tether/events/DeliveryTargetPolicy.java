package dev.tether.events;

import dev.tether.platform.WebhooksConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Refuses webhook targets inside the operator's own network (SSRF): URLs whose host resolves to
 * an address of any special-purpose block ({@link SpecialPurposeAddresses}: private, loopback,
 * link-local, unique-local, CGNAT, unspecified, documentation, benchmarking, reserved,
 * broadcast, multicast, IPv4 carried in IPv6), and hosts spelled so that clients disagree on
 * the address they mean.
 *
 * <p>The rule that counts is {@link #vet}, applied by the {@link DeliverySender} to the very
 * resolution it connects with: the host is resolved once, every address is checked, and the
 * connection goes to the vetted address and nowhere else. A name that resolved to a public
 * address when the subscription was written and to a private one now (DNS rebinding) is refused
 * at the attempt. {@link #refusal} at subscription write time is only an early, friendly error.
 */
@ApplicationScoped
public class DeliveryTargetPolicy {

    /** Where one attempt may connect: the URL, and the vetted address to connect to; or why it may not. */
    public record Target(URI uri, InetAddress address, String refusal) {

        static Target refused(String why) {
            return new Target(null, null, why);
        }
    }

    private final WebhooksConfig config;
    private final HostResolver resolver;

    @Inject
    public DeliveryTargetPolicy(WebhooksConfig config, HostResolver resolver) {
        this.config = config;
        this.resolver = resolver;
    }

    /** A policy that resolves through the system resolver. */
    public DeliveryTargetPolicy(WebhooksConfig config) {
        this(config, HostResolver.SYSTEM);
    }

    /**
     * The reason the URL may not be a target, or null when it may. Checked when a subscription is
     * written; with private targets allowed the host is not even resolved, as before.
     */
    public String refusal(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "\"url\" is not a valid URI";
        }
        String bad = shapeRefusal(uri);
        if (bad != null || config.allowPrivateTargets()) {
            return bad;
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            return "the host of \"url\" does not resolve";
        }
        return internalRefusal(uri.getHost(), "\"url\"", addresses);
    }

    /**
     * Resolves the URL's host for one attempt and vets every answer. The address to connect to
     * is the first answer, as the JDK's own resolution would pick; nothing resolves the name
     * again after this.
     */
    public Target vet(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Target.refused("\"url\" is not a valid URI");
        }
        String bad = shapeRefusal(uri);
        if (bad != null) {
            return Target.refused(bad);
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(uri.getHost());
        } catch (UnknownHostException e) {
            return Target.refused("UnknownHostException: " + uri.getHost());
        }
        if (addresses.isEmpty()) {
            return Target.refused("UnknownHostException: " + uri.getHost());
        }
        if (!config.allowPrivateTargets()) {
            String refusal = internalRefusal(uri.getHost(), uri.getHost(), addresses);
            if (refusal != null) {
                return Target.refused("refused: " + refusal);
            }
        }
        return new Target(uri, addresses.get(0), null);
    }

    private static String shapeRefusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "\"url\" must be http or https";
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return "\"url\" must name a host and no user info";
        }
        return SpecialPurposeAddresses.hostSpellingRefusal(uri.getHost());
    }

    private static String internalRefusal(String host, String what, List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            String block = SpecialPurposeAddresses.mappedLiteral(host, a) ? "IPv4-mapped (::ffff:0:0/96)"
                    : SpecialPurposeAddresses.blockOf(a);
            if (block != null) {
                return what + " resolves to a private, loopback or link-local address or another special-purpose"
                        + " address (" + a.getHostAddress() + ", " + block
                        + "); set tether.webhooks.allow-private-targets=true to allow it";
            }
        }
        return null;
    }

    /** True for an address of a special-purpose block (RFC 6890), which a webhook may not reach. */
    static boolean isInternal(InetAddress a) {
        return SpecialPurposeAddresses.blockOf(a) != null;
    }
}
