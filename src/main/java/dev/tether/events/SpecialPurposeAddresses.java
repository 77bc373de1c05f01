package dev.tether.events;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The addresses a webhook may not reach, and the host spellings that are refused because HTTP
 * clients disagree about what they mean.
 *
 * <p>Refused: every block of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC
 * 6890 and its updates), whether or not the registry calls it globally reachable, multicast,
 * and every IPv6 address outside global unicast {@code 2000::/3}. IPv6 forms that carry an IPv4
 * address ({@code ::a.b.c.d}, {@code ::ffff:a.b.c.d}, NAT64, 6to4, Teredo) are refused whatever
 * the IPv4 address is: what finally answers depends on a translator Tether cannot see.
 */
final class SpecialPurposeAddresses {

    /** One block: its first address, prefix length, and the name an operator reads in the refusal. */
    record Block(byte[] prefix, int bits, String name) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }

    /** IANA IPv4 Special-Purpose Address Registry, plus multicast. */
    static final List<Block> IPV4 = List.of(
            v4("0.0.0.0", 8, "\"this network\" (0.0.0.0/8)"),
            v4("10.0.0.0", 8, "private-use (10.0.0.0/8)"),
            v4("100.64.0.0", 10, "shared address space, carrier-grade NAT (100.64.0.0/10)"),
            v4("127.0.0.0", 8, "loopback (127.0.0.0/8)"),
            v4("169.254.0.0", 16, "link-local (169.254.0.0/16)"),
            v4("172.16.0.0", 12, "private-use (172.16.0.0/12)"),
            v4("192.0.0.0", 24, "IETF protocol assignments (192.0.0.0/24)"),
            v4("192.0.2.0", 24, "documentation TEST-NET-1 (192.0.2.0/24)"),
            v4("192.31.196.0", 24, "AS112-v4 (192.31.196.0/24)"),
            v4("192.52.193.0", 24, "AMT (192.52.193.0/24)"),
            v4("192.88.99.0", 24, "6to4 relay anycast (192.88.99.0/24)"),
            v4("192.168.0.0", 16, "private-use (192.168.0.0/16)"),
            v4("192.175.48.0", 24, "direct delegation AS112 (192.175.48.0/24)"),
            v4("198.18.0.0", 15, "benchmarking (198.18.0.0/15)"),
            v4("198.51.100.0", 24, "documentation TEST-NET-2 (198.51.100.0/24)"),
            v4("203.0.113.0", 24, "documentation TEST-NET-3 (203.0.113.0/24)"),
            v4("224.0.0.0", 4, "multicast (224.0.0.0/4)"),
            v4("255.255.255.255", 32, "limited broadcast (255.255.255.255/32)"),
            v4("240.0.0.0", 4, "reserved (240.0.0.0/4)"));

    /** IANA IPv6 Special-Purpose Address Registry, the IPv4-carrying forms, and the non-unicast space. */
    static final List<Block> IPV6 = List.of(
            v6("::", 128, "unspecified (::/128)"),
            v6("::1", 128, "loopback (::1/128)"),
            v6("::ffff:0:0", 96, "IPv4-mapped (::ffff:0:0/96)"),
            v6("::ffff:0:0:0", 96, "IPv4-translated (::ffff:0:0:0/96)"),
            v6("::", 96, "IPv4-compatible (::/96)"),
            v6("64:ff9b::", 96, "NAT64 (64:ff9b::/96)"),
            v6("64:ff9b:1::", 48, "local-use NAT64 (64:ff9b:1::/48)"),
            v6("100::", 64, "discard-only (100::/64)"),
            v6("2001::", 32, "Teredo (2001::/32)"),
            v6("2001::", 23, "IETF protocol assignments (2001::/23)"),
            v6("2001:db8::", 32, "documentation (2001:db8::/32)"),
            v6("2002::", 16, "6to4 (2002::/16)"),
            v6("2620:4f:8000::", 48, "direct delegation AS112 (2620:4f:8000::/48)"),
            v6("3fff::", 20, "documentation (3fff::/20)"),
            v6("5f00::", 16, "segment routing SIDs (5f00::/16)"),
            v6("fc00::", 7, "unique-local (fc00::/7)"),
            v6("fe80::", 10, "link-local (fe80::/10)"),
            v6("fec0::", 10, "site-local (fec0::/10)"),
            v6("ff00::", 8, "multicast (ff00::/8)"));

    private static final Block GLOBAL_UNICAST = v6("2000::", 3, "global unicast (2000::/3)");

    /** Four decimal numbers 0-255 without leading zeros: the one IPv4 spelling every client reads alike. */
    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    /** A last label that URL parsers (WHATWG, curl, inet_aton) take as a number: decimal, octal or hex. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("(?:0[xX][0-9a-fA-F]*|[0-9]+)");

    private SpecialPurposeAddresses() {
    }

    /** The special-purpose block {@code address} is in, named; null when it is an ordinary public address. */
    static String blockOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            for (Block b : IPV4) {
                if (b.contains(bytes)) {
                    return b.name();
                }
            }
            return null;
        }
        for (Block b : IPV6) {
            if (b.contains(bytes)) {
                return b.name();
            }
        }
        return GLOBAL_UNICAST.contains(bytes) ? null : "not global unicast (outside 2000::/3)";
    }

    /**
     * Why the URL host (as {@link java.net.URI#getHost} gives it) is refused before any lookup,
     * or null. An IPv4 address must be written canonically: {@code 0177.0.0.1} is 127.0.0.1 to
     * curl and browsers but 177.0.0.1 to Java, {@code 2130706433} and {@code 127.1} are
     * 127.0.0.1 to the system resolver; a host whose last label is a number is read as an IPv4
     * address by URL parsers, never as a DNS name. IPv6 literals may not carry a zone.
     */
    static String hostSpellingRefusal(String host) {
        if (host.startsWith("[")) {
            return host.contains("%") ? "\"url\" must not name an IPv6 zone" : null;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = name.substring(name.lastIndexOf('.') + 1);
        if (NUMERIC_LABEL.matcher(last).matches() && !CANONICAL_IPV4.matcher(name).matches()) {
            return "the host of \"url\" (" + host + ") is not an IPv4 address in dotted decimal without leading"
                    + " zeros, nor a DNS name; write the address as four decimal numbers (e.g. 93.184.216.34)";
        }
        return null;
    }

    /** True for an IPv6 literal host that Java turned into an IPv4 address (an IPv4-mapped literal). */
    static boolean mappedLiteral(String host, InetAddress resolved) {
        return host.startsWith("[") && !(resolved instanceof Inet6Address);
    }

    private static Block v4(String address, int bits, String name) {
        return new Block(literal(address), bits, name);
    }

    private static Block v6(String address, int bits, String name) {
        byte[] bytes = literal(address);
        if (bytes.length == 4) { // Java folds ::ffff:0:0 into an IPv4 address; the block is IPv6
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return new Block(bytes, bits, name);
    }

    private static byte[] literal(String address) {
        try {
            return InetAddress.getByName(address).getAddress(); // literals only: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(address, e);
        }
    }
}
