package dev.mcphub.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The measured window of one cluster load point: at the generator's {@code phase measure} and {@code phase end} lines
 * it reads the CPU of every replica, of nginx and of Redis, and the commands Redis has served, so that each figure
 * covers exactly the calls the generator counted.
 */
final class Window {
    private final List<HubProcess> hubs;
    private final NginxProcess nginx;
    private final RedisProcess redis;
    private Sample start = Sample.EMPTY;
    private Sample end = Sample.EMPTY;

    /** {@code nginx} and {@code redis} may be null (a setup without them). */
    Window(List<HubProcess> hubs, NginxProcess nginx, RedisProcess redis) {
        this.hubs = List.copyOf(hubs);
        this.nginx = nginx;
        this.redis = redis;
    }

    private record Sample(long hubs, long nginx, long redis, Map<String, Long> commands) {
        static final Sample EMPTY = new Sample(0, 0, 0, Map.of());
    }

    /** Totals of one point; CPU in ms over the window. */
    record Totals(
            double calls,
            double cps,
            double p50Ms,
            double p99Ms,
            double errors,
            double hubsCpuMs,
            double nginxCpuMs,
            double redisCpuMs,
            double redisOps,
            Map<String, Long> commands) {
        double perCall(double total) {
            return calls > 0 ? total / calls : Double.NaN;
        }

        /** Redis commands per call by command, e.g. {@code get 1.00 setex 0.02}; "none" without any. */
        String commandsPerCall() {
            if (commands.isEmpty()) {
                return "none";
            }
            return commands.entrySet().stream()
                    .map(e -> String.format(java.util.Locale.ROOT, "%s %.2f", e.getKey(), perCall(e.getValue())))
                    .collect(Collectors.joining(", "));
        }
    }

    long hubsCpuNanos() {
        long sum = 0;
        for (HubProcess hub : hubs) {
            sum += Math.max(0, hub.cpuNanos());
        }
        return sum;
    }

    void phase(String phase) {
        switch (phase) {
            case "measure" -> start = sample();
            case "end" -> end = sample();
            default -> {
                // other phases carry nothing to sample
            }
        }
    }

    private Sample sample() {
        Map<String, Long> commands = Map.of();
        if (redis != null) {
            try {
                commands = redis.commands();
            } catch (IOException e) {
                commands = Map.of(); // the window's Redis figures stay empty
            }
        }
        return new Sample(
                hubsCpuNanos(), nginx == null ? 0 : nginx.cpuNanos(), redis == null ? 0 : redis.cpuNanos(), commands);
    }

    /** The totals of the window, with the generator's result JSON. */
    Totals totals(String result) {
        double calls = JsonScan.number(result, "calls", 0);
        Map<String, Long> commands = new TreeMap<>();
        end.commands().forEach((name, n) -> {
            long delta = n - start.commands().getOrDefault(name, 0L);
            if (delta > 0) {
                commands.put(name, delta);
            }
        });
        boolean redisSampled = redis != null && !end.commands().isEmpty();
        return new Totals(
                calls,
                JsonScan.number(result, "cps", 0),
                calls > 0 ? JsonScan.number(result, "p50Ms", Double.NaN) : Double.NaN,
                calls > 0 ? JsonScan.number(result, "p99Ms", Double.NaN) : Double.NaN,
                JsonScan.number(result, "errors", 0) + JsonScan.number(result, "openErrors", 0),
                (end.hubs() - start.hubs()) / 1e6,
                nginx == null ? Double.NaN : (end.nginx() - start.nginx()) / 1e6,
                redis == null ? Double.NaN : (end.redis() - start.redis()) / 1e6,
                redisSampled
                        ? commands.values().stream().mapToLong(Long::longValue).sum()
                        : Double.NaN,
                commands);
    }
}
