package dev.tether.events;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The {@link HostResolver} bean unless another is declared: the system resolver. */
@ApplicationScoped
class SystemHostResolver {

    @Produces
    @DefaultBean
    @Singleton
    HostResolver system() {
        return HostResolver.SYSTEM;
    }
}
