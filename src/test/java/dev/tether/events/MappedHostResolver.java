package dev.tether.events;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DNS for tests: names a test chose answer what it says, and may answer something else later (as
 * a rebinding attacker's DNS would); every other name goes to the system resolver. Replaces the
 * default {@link HostResolver} bean in every Quarkus test.
 */
@Singleton
public class MappedHostResolver implements HostResolver {

    private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();

    /** From now on {@code host} resolves to {@code addresses} (IP literals), in that order. */
    public void answer(String host, String... addresses) {
        List<InetAddress> out = new ArrayList<>();
        for (String a : addresses) {
            try {
                out.add(InetAddress.getByAddress(host, InetAddress.getByName(a).getAddress()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(a, e);
            }
        }
        answers.put(host.toLowerCase(Locale.ROOT), List.copyOf(out));
    }

    public void forget(String host) {
        answers.remove(host.toLowerCase(Locale.ROOT));
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> mapped = answers.get(host.toLowerCase(Locale.ROOT));
        return mapped != null ? mapped : HostResolver.SYSTEM.resolve(host);
    }
}
