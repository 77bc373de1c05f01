package dev.tether.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the machine's CPU went during a run: the whole machine (/proc/stat), this harness, the
 * Tether process and the harness's PostgreSQL (postmaster and its children), in cores used on
 * average. Linux only; elsewhere the figures are absent.
 */
final class CpuMeter {

    static volatile long tetherPid = -1;
    static volatile long postmasterPid = -1;
    private static final double TICKS = 100.0; // USER_HZ on Linux

    record Usage(double wallSeconds, int cores, double machine, double harness, double tether, double postgres) {
        Map<String, Object> describe() {
            Map<String, Object> m = new TreeMap<>();
            m.put("coresAvailable", cores);
            m.put("machineCores", Load.round(machine));
            m.put("harnessCores", Load.round(harness));
            if (tether >= 0) {
                m.put("tetherCores", Load.round(tether));
            }
            if (postgres >= 0) {
                m.put("postgresCores", Load.round(postgres));
            }
            return m;
        }

        @Override
        public String toString() {
            return String.format("machine %.2f/%d cores (tether %s, postgres %s, harness %.2f)", machine, cores,
                    tether < 0 ? "-" : String.format("%.2f", tether), postgres < 0 ? "-" : String.format("%.2f", postgres),
                    harness);
        }
    }

    private final long wall0;
    private final long[] machine0;
    private final long harness0;
    private final long tether0;
    private final long postgres0;

    private CpuMeter() {
        wall0 = System.nanoTime();
        machine0 = machineTicks();
        harness0 = harnessNanos();
        tether0 = processTicks(tetherPid);
        postgres0 = postgresTicks();
    }

    static CpuMeter start() {
        return new CpuMeter();
    }

    Usage stop() {
        double wall = (System.nanoTime() - wall0) / 1e9;
        long[] m1 = machineTicks();
        double machine = -1;
        if (m1 != null && machine0 != null) {
            double busy = (m1[0] - machine0[0]) / TICKS;
            machine = busy / wall;
        }
        double harness = (harnessNanos() - harness0) / 1e9 / wall;
        long t1 = processTicks(tetherPid);
        double tether = tetherPid < 0 || t1 < 0 ? -1 : (t1 - tether0) / TICKS / wall;
        long p1 = postgresTicks();
        double postgres = postmasterPid < 0 || p1 < 0 ? -1 : (p1 - postgres0) / TICKS / wall;
        return new Usage(wall, Runtime.getRuntime().availableProcessors(), machine, harness, tether, postgres);
    }

    /** {busy ticks, total ticks} of all CPUs. */
    private static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long harnessNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0;
    }

    /** utime + stime of one process, in ticks; -1 if unknown. */
    static long processTicks(long pid) {
        if (pid < 0) {
            return -1;
        }
        String[] f = stat(Path.of("/proc", Long.toString(pid), "stat"));
        return f == null ? -1 : Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long postgresTicks() {
        long root = postmasterPid;
        if (root < 0) {
            return -1;
        }
        long sum = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                long pid = Long.parseLong(p.getFileName().toString());
                String[] f = stat(p.resolve("stat"));
                if (f == null) {
                    continue;
                }
                if (pid == root) {
                    // its own time, and that of backends that have exited (pgbench's, at the end of a run)
                    sum += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                } else if (Long.parseLong(f[1]) == root) {
                    sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    /** The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime. */
    private static String[] stat(Path file) {
        try {
            String s = Files.readString(file);
            return s.substring(s.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Resident memory of a process in MiB (VmRSS), or -1 where /proc does not say. */
    static double residentMib(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }
}
