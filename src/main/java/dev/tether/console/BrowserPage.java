package dev.tether.console;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource that serves pages to a browser (the console, the setup and subscriber
 * portals): {@link BrowserPageGate} finds the signed-in person under /console and refuses any
 * unsafe request whose form lacks a valid CSRF token, before the resource runs.
 */
@NameBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface BrowserPage {
}
