package dev.tether.lineage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDBC connection that counts the statements prepared or created on it. The cascade runs
 * all its SQL through one, so the statement count it reports is what reached the driver, not
 * what the code believes it sent.
 */
final class CountingConnection {

    private CountingConnection() {
    }

    static Connection wrap(Connection target, AtomicInteger statements) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("prepareStatement") || name.equals("prepareCall") || name.equals("createStatement")) {
                        statements.incrementAndGet();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
