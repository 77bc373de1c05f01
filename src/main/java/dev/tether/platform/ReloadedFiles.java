package dev.tether.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * A value parsed from a few small files that follows the files as they change, without a
 * restart: a Kubernetes Secret volume is updated in place (the kubelet swaps a {@code ..data}
 * symlink), and so is a key an operator copies over.
 *
 * <p>{@link #current()} is cheap: a clock read and a volatile read, except at most once every
 * interval, when one caller reads the files again (a few kilobytes) and re-parses them only if
 * their bytes differ from the last read. When the new bytes do not parse (a file briefly
 * missing, half-written, a private key that does not match its public key), the last good
 * value stays and a warning names {@code what} and the reason, never the file content; the
 * same bad content is not reported twice.
 */
public final class ReloadedFiles<T> {

    private static final Logger LOG = Logger.getLogger(ReloadedFiles.class);

    /** The files to read, listed again at every check (a folder's content may change). */
    @FunctionalInterface
    public interface Listing {
        List<Path> files() throws IOException;
    }

    /** Turns the files' bytes into the value; throws with a message fit for a log line (no key material). */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(Map<Path, byte[]> files) throws InvalidFilesException;
    }

    /** Called under the reload lock when a new value replaces the previous one. */
    @FunctionalInterface
    public interface ChangeListener<T> {
        void changed(T previous, T next);
    }

    /** Content that cannot be used; the message says why without quoting it. */
    public static class InvalidFilesException extends Exception {
        public InvalidFilesException(String message) {
            super(message);
        }
    }

    private final String what;
    private final Listing listing;
    private final Parser<T> parser;
    private final ChangeListener<T> listener;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock reloading = new ReentrantLock();

    private volatile T value;
    private volatile long checkedAt;
    /** The bytes of the last read, good or bad: a change is a difference from them. Guarded by {@link #reloading}. */
    private Map<Path, byte[]> lastRead;

    /**
     * Reads and parses the files once, now; a failure here is an exception (a server must not
     * start without its keys). Later failures keep the last good value.
     */
    public ReloadedFiles(String what, Listing listing, Parser<T> parser, Duration interval, ChangeListener<T> listener)
            throws InvalidFilesException {
        this(what, listing, parser, interval, listener, System::nanoTime);
    }

    ReloadedFiles(String what, Listing listing, Parser<T> parser, Duration interval, ChangeListener<T> listener,
            LongSupplier nanoTime) throws InvalidFilesException {
        this.what = what;
        this.listing = listing;
        this.parser = parser;
        this.listener = listener;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        Map<Path, byte[]> files = read();
        this.value = parser.parse(files);
        this.lastRead = files;
        this.checkedAt = nanoTime.getAsLong();
    }

    /** The value of the last good read; reads the files again if the interval has passed. */
    public T current() {
        long now = nanoTime.getAsLong();
        if (now - checkedAt >= intervalNanos && reloading.tryLock()) {
            try {
                if (now - checkedAt >= intervalNanos) {
                    reload();
                    checkedAt = nanoTime.getAsLong();
                }
            } finally {
                reloading.unlock();
            }
        }
        return value;
    }

    private void reload() {
        Map<Path, byte[]> files;
        try {
            files = read();
        } catch (InvalidFilesException e) {
            if (lastRead != null) {
                LOG.warnf("%s cannot be read (%s); keeping the keys loaded before", capitalized(what), e.getMessage());
            }
            lastRead = null; // reported; the next readable content counts as a change
            return;
        }
        if (lastRead != null && sameContent(lastRead, files)) {
            return;
        }
        lastRead = files;
        T next;
        try {
            next = parser.parse(files);
        } catch (InvalidFilesException | RuntimeException e) {
            LOG.warnf("%s changed but cannot be used (%s); keeping the keys loaded before", capitalized(what),
                    e instanceof InvalidFilesException ? e.getMessage() : e.getClass().getSimpleName());
            return;
        }
        T previous = value;
        value = next;
        listener.changed(previous, next);
    }

    private Map<Path, byte[]> read() throws InvalidFilesException {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        Path at = null;
        try {
            for (Path file : listing.files()) {
                at = file;
                files.put(file, Files.readAllBytes(file));
            }
            return files;
        } catch (NoSuchFileException e) {
            throw new InvalidFilesException((at == null ? "the folder" : at.getFileName().toString()) + " is missing");
        } catch (IOException | RuntimeException e) { // a folder listing reports some failures unchecked
            throw new InvalidFilesException((at == null ? "the folder" : at.getFileName().toString())
                    + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static boolean sameContent(Map<Path, byte[]> a, Map<Path, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<Path, byte[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
