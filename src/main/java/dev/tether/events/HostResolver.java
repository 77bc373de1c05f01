package dev.tether.events;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a webhook URL's host into addresses. Delivery resolves each target once, through this,
 * vets the answer and connects to exactly the address it vetted. The default asks the system
 * resolver; tests replace the bean to play DNS.
 */
public interface HostResolver {

    /** Every address of {@code host} (a name or an IP literal), in the resolver's order; never empty. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver: {@link InetAddress#getAllByName}. */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
}
