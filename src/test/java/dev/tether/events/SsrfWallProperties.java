package dev.tether.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The SSRF wall, address by address: every special-purpose block (RFC 6890 registries), IPv4
 * carried in IPv6, and host spellings that clients read differently. The policy is exercised
 * through its public entry points with a resolver that plays DNS, so what is asserted is what
 * a subscription write and a delivery attempt would see.
 */
class SsrfWallProperties {

    /** Blocks that must be refused, with one address inside each and the first address after it. */
    static final List<String[]> BLOCKS = List.of(
            new String[] {"0.0.0.0/8", "0.1.2.3"},
            new String[] {"10.0.0.0/8", "10.255.255.254"},
            new String[] {"100.64.0.0/10", "100.127.255.255"},
            new String[] {"127.0.0.0/8", "127.9.9.9"},
            new String[] {"169.254.0.0/16", "169.254.169.254"},
            new String[] {"172.16.0.0/12", "172.31.0.1"},
            new String[] {"192.0.0.0/24", "192.0.0.170"},
            new String[] {"192.0.2.0/24", "192.0.2.10"},
            new String[] {"192.31.196.0/24", "192.31.196.1"},
            new String[] {"192.52.193.0/24", "192.52.193.1"},
            new String[] {"192.88.99.0/24", "192.88.99.1"},
            new String[] {"192.168.0.0/16", "192.168.1.1"},
            new String[] {"192.175.48.0/24", "192.175.48.6"},
            new String[] {"198.18.0.0/15", "198.19.255.1"},
            new String[] {"198.51.100.0/24", "198.51.100.7"},
            new String[] {"203.0.113.0/24", "203.0.113.99"},
            new String[] {"224.0.0.0/4", "239.255.255.250"},
            new String[] {"240.0.0.0/4", "250.1.2.3"},
            new String[] {"255.255.255.255/32", "255.255.255.255"},
            new String[] {"::/128", "::"},
            new String[] {"::1/128", "::1"},
            new String[] {"::/96", "::7f00:1"},
            new String[] {"::ffff:0:0:0/96", "::ffff:0:7f00:1"},
            new String[] {"64:ff9b::/96", "64:ff9b::a00:1"},
            new String[] {"64:ff9b:1::/48", "64:ff9b:1::1"},
            new String[] {"100::/64", "100::1"},
            new String[] {"2001::/32", "2001:0:4136:e378:8000:63bf:3fff:fdd2"},
            new String[] {"2001::/23", "2001:2::1"},
            new String[] {"2001:db8::/32", "2001:db8::1"},
            new String[] {"2002::/16", "2002:7f00:1::1"},
            new String[] {"2620:4f:8000::/48", "2620:4f:8000::1"},
            new String[] {"3fff::/20", "3fff:fff::1"},
            new String[] {"5f00::/16", "5f00::1"},
            new String[] {"fc00::/7", "fd12:3456::1"},
            new String[] {"fe80::/10", "fe80::1"},
            new String[] {"fec0::/10", "fec0::1"},
            new String[] {"ff00::/8", "ff02::1"});

    @Example
    void everyBlockRefusesAnAddressInsideIt() {
        for (String[] block : BLOCKS) {
            String literal = block[1].contains(":") ? "[" + block[1] + "]" : block[1];
            assertRefused(literal, block[0]);
        }
    }

    /** Any address drawn from a block, its first and last addresses included, is refused at write and at delivery. */
    @Property(tries = 3000)
    void anyAddressOfABlockIsRefused(@ForAll("blockAddresses") InetAddress address) {
        String literal = address.getAddress().length == 16 ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        assertTrue(DeliveryTargetPolicy.isInternal(address), literal);
        MappedDns dns = new MappedDns(Map.of("target.test", address));
        DeliveryTargetPolicy strict = new DeliveryTargetPolicy(DeliveryRulesTest.config(false), dns);
        assertNotNull(strict.refusal("https://target.test/hook"), literal + " by name at write");
        assertNotNull(strict.vet("https://target.test/hook").refusal(), literal + " by name at delivery");
    }

    /** Public addresses, v4 and v6, stay reachable. */
    @Property(tries = 2000)
    void publicAddressesAreAllowed(@ForAll("publicAddresses") InetAddress address) {
        assertNull(SpecialPurposeAddresses.blockOf(address), address.getHostAddress());
        MappedDns dns = new MappedDns(Map.of("public.test", address));
        DeliveryTargetPolicy strict = new DeliveryTargetPolicy(DeliveryRulesTest.config(false), dns);
        assertNull(strict.refusal("https://public.test/hook"));
        DeliveryTargetPolicy.Target target = strict.vet("https://public.test/hook");
        assertNull(target.refusal());
        assertEquals(address, target.address(), "connects to the address it vetted");
    }

    @Example
    void ipv4CarriedInIpv6IsRefusedWhateverTheIpv4AddressIs() {
        for (String literal : List.of("[::ffff:93.184.216.34]", "[::ffff:127.0.0.1]", "[::ffff:5db8:d822]",
                "[::93.184.216.34]", "[::127.0.0.1]", "[64:ff9b::93.184.216.34]", "[64:ff9b::5db8:d822]",
                "[2002:5db8:d822::1]", "[2001:0:5db8:d822::1]", "[::ffff:0:93.184.216.34]")) {
            assertRefused(literal, literal);
        }
    }

    @Example
    void hostsThatClientsReadDifferentlyAreRefused() {
        DeliveryTargetPolicy lenient = new DeliveryTargetPolicy(DeliveryRulesTest.config(true), new MappedDns(Map.of()));
        // 0177.0.0.1 is 127.0.0.1 to curl and browsers and 177.0.0.1 to Java: refused, allowed or not
        for (String host : List.of("0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "2130706433", "017700000001", "127.1",
                "127.0.1", "127.0.0.01", "093.184.216.34", "1.2.3.4.5", "256.1.1.1", "example.123", "example.0x1")) {
            String why = lenient.refusal("http://" + host + "/hook");
            assertNotNull(why, host);
            // java.net.URI finds no host in some of them (0x7f.0.0.1): refused as such
            assertTrue(why.contains("dotted decimal") || why.contains("must name a host"), host + ": " + why);
            assertNotNull(lenient.vet("http://" + host + "/hook").refusal(), host + " at delivery");
        }
        assertNotNull(lenient.refusal("http://[fe80::1%25eth0]/hook"), "a zoned IPv6 literal");
    }

    @Example
    void canonicalAddressesAndNamesAreReadAsWritten() {
        DeliveryTargetPolicy strict = new DeliveryTargetPolicy(DeliveryRulesTest.config(false),
                new MappedDns(Map.of("hooks.example.com", address("93.184.216.34"), "v6.example.com",
                        address("2606:2800:220:1:248:1893:25c8:1946"), "10.example.com", address("93.184.216.34"))));
        assertNull(strict.refusal("https://93.184.216.34/hook"));
        assertEquals(address("93.184.216.34"), strict.vet("https://93.184.216.34:8443/hook").address());
        assertNull(strict.refusal("https://hooks.example.com/hook"));
        assertNull(strict.refusal("https://10.example.com/hook"), "a name whose first label is a number is a name");
        assertNull(strict.refusal("https://[2606:2800:220:1:248:1893:25c8:1946]/hook"));
        assertNull(strict.refusal("https://v6.example.com/hook"));
    }

    @Example
    void oneSpecialAnswerAmongPublicOnesRefusesTheName() {
        MappedDns dns = new MappedDns(Map.of());
        dns.add("mixed.test", address("93.184.216.34"));
        dns.add("mixed.test", address("198.18.0.1"));
        DeliveryTargetPolicy strict = new DeliveryTargetPolicy(DeliveryRulesTest.config(false), dns);
        String why = strict.vet("https://mixed.test/hook").refusal();
        assertNotNull(why);
        assertTrue(why.contains("198.18.0.1") && why.contains("benchmarking"), why);
    }

    @Provide
    Arbitrary<InetAddress> blockAddresses() {
        List<Arbitrary<InetAddress>> each = new ArrayList<>();
        for (SpecialPurposeAddresses.Block block : SpecialPurposeAddresses.IPV4) {
            each.add(inside(block));
        }
        for (SpecialPurposeAddresses.Block block : SpecialPurposeAddresses.IPV6) {
            if (!block.name().startsWith("IPv4-mapped")) { // Java hands these out as IPv4: see the example above
                each.add(inside(block));
            }
        }
        return Arbitraries.oneOf(each);
    }

    @Provide
    Arbitrary<InetAddress> publicAddresses() {
        Arbitrary<InetAddress> v4 = Arbitraries.bytes().array(byte[].class).ofSize(4).map(SsrfWallProperties::of)
                .filter(a -> !inAny(a.getAddress(), SpecialPurposeAddresses.IPV4));
        // global unicast 2000::/3 outside the special blocks
        Arbitrary<InetAddress> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> {
            b[0] = (byte) (0x20 | (b[0] & 0x1f));
            return b;
        }).filter(b -> !inAny(b, SpecialPurposeAddresses.IPV6)).map(SsrfWallProperties::of);
        return Arbitraries.oneOf(v4, v6);
    }

    /** A random address inside the block: its prefix, then random bits; sometimes its first or last address. */
    private static Arbitrary<InetAddress> inside(SpecialPurposeAddresses.Block block) {
        int size = block.prefix().length;
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(size), Arbitraries.just(new byte[size]),
                Arbitraries.just(filled(size))).map(random -> {
                    byte[] b = random.clone();
                    for (int bit = 0; bit < block.bits(); bit++) {
                        int i = bit / 8;
                        int m = 0x80 >>> (bit % 8);
                        b[i] = (byte) ((block.prefix()[i] & m) != 0 ? b[i] | m : b[i] & ~m);
                    }
                    return b;
                }).map(SsrfWallProperties::of);
    }

    private static boolean inAny(byte[] address, List<SpecialPurposeAddresses.Block> blocks) {
        return blocks.stream().anyMatch(b -> b.contains(address));
    }

    private static byte[] filled(int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) 0xff);
        return b;
    }

    private static void assertRefused(String literal, String what) {
        DeliveryTargetPolicy strict = new DeliveryTargetPolicy(DeliveryRulesTest.config(false),
                new MappedDns(Map.of()));
        String url = "https://" + literal + "/hook";
        String atWrite = strict.refusal(url);
        assertNotNull(atWrite, what + " as a literal at write");
        assertNotNull(strict.vet(url).refusal(), what + " as a literal at delivery");
    }

    private static InetAddress of(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** DNS in a map; IP literals resolve as the system resolver would (no lookup). */
    static final class MappedDns implements HostResolver {
        private final Map<String, List<InetAddress>> answers = new java.util.HashMap<>();

        MappedDns(Map<String, InetAddress> one) {
            one.forEach(this::add);
        }

        void add(String name, InetAddress address) {
            answers.computeIfAbsent(name, n -> new ArrayList<>()).add(address);
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            List<InetAddress> a = answers.get(host);
            if (a != null) {
                return a;
            }
            if (host.startsWith("[") || host.matches("[0-9.]+") || host.contains(":")) {
                return HostResolver.SYSTEM.resolve(host);
            }
            throw new UnknownHostException(host);
        }
    }
}
