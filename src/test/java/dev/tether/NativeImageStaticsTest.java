package dev.tether;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.Timer;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;

/**
 * A native image runs static initialisers at build time where it can and refuses (or, worse,
 * freezes) what must be made fresh at run time: a random generator in the image heap would give
 * every process the same seed, a key would ship inside the binary, a clock or thread would not
 * survive the build. So no class of Tether's holds one in a static field; they are created in
 * constructors (CDI beans are made at run time) or at first use.
 */
class NativeImageStaticsTest {

    private static final Path CLASSES = Path.of("target/classes");

    /** Types that must never sit in a static field; subclasses included (SecureRandom is a Random). */
    static final List<Class<?>> MADE_AT_RUN_TIME = List.of(Random.class, SplittableRandom.class,
            KeyPairGenerator.class, KeyGenerator.class, KeyPair.class, Key.class, Signature.class, Mac.class,
            java.time.Clock.class, Thread.class, Executor.class, Timer.class);

    static List<String> staticsMadeAtBuildTime(Class<?> type) {
        List<String> found = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && MADE_AT_RUN_TIME.stream().anyMatch(t -> t.isAssignableFrom(field.getType()))) {
                found.add(type.getName() + "." + field.getName() + " (" + field.getType().getName() + ")");
            }
        }
        return found;
    }

    @SuppressWarnings("unused")
    static final class Offender {
        private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
        private static final java.util.concurrent.ScheduledExecutorService TIMER = null;
        private static final int FINE = 1;
    }

    @Test
    void findsARandomAndAnExecutorInStaticFields() {
        assertEquals(List.of(Offender.class.getName() + ".RANDOM (java.security.SecureRandom)",
                        Offender.class.getName() + ".TIMER (java.util.concurrent.ScheduledExecutorService)"),
                staticsMadeAtBuildTime(Offender.class));
    }

    @Test
    void noClassOfTethersHoldsRandomnessKeysClocksOrThreadsInStaticFields() throws Exception {
        List<String> classNames = compiledClasses();
        assertTrue(classNames.size() > 100, "read the compiled classes: " + classNames.size());
        List<String> found = new ArrayList<>();
        ClassLoader loader = getClass().getClassLoader();
        for (String name : classNames) {
            // loaded, not initialised: reading the fields runs no static initialiser
            found.addAll(staticsMadeAtBuildTime(Class.forName(name, false, loader)));
        }
        assertEquals(List.of(), found, "create these at run time (constructor or first use), not in a static field");
    }

    private static List<String> compiledClasses() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES.resolve("dev/tether"))) {
            return files.map(CLASSES::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }
}
