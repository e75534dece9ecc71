package dev.mcphub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The load generator's entry point, run by the orchestrator in a JVM of its own. It prints {@code phase ...}
 * lines as it goes and one {@code result {json}} line at the end; anything on stderr is a diagnostic.
 *
 * <pre>
 * --mode load|fanout    --transport streamable|sse|rest|stdio
 * --url URL (the MCP endpoint, or the hub's base URL for rest and fanout)
 * --tool NAME  --server NAME (REST and the fan-out trigger)  --k N  --warmup-ms N  --measure-ms N
 * --calls-per-session N (a counted run: every session makes N calls, all measured; no warm-up)
 * --windows N (N timed windows on the same sessions, each started by a line on stdin)
 * --threads platform|virtual  --timeout-ms N  --no-listen  --drop-at-end (close all sessions mid-call)
 * --subscribers N  --rounds N (fanout)
 * --cmd ARG (repeated: the stdio upstream's command line)
 * </pre>
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static void main(String[] argv) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Map<String, String> args = new HashMap<>();
        List<String> command = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            String flag = argv[i];
            if (flag.equals("--no-listen")) {
                args.put("listen", "false");
            } else if (flag.equals("--drop-at-end")) {
                args.put("drop-at-end", "true");
            } else if (flag.equals("--cmd")) {
                command.add(argv[++i]);
            } else if (flag.startsWith("--") && i + 1 < argv.length) {
                args.put(flag.substring(2), argv[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument: " + flag);
            }
        }
        String mode = args.getOrDefault("mode", "load");
        int timeoutMs = Integer.parseInt(args.getOrDefault("timeout-ms", "10000"));
        if (mode.equals("fanout")) {
            FanOut fanOut = new FanOut(
                    Endpoint.parse(args.get("url")),
                    Integer.parseInt(args.getOrDefault("subscribers", "1000")),
                    args.get("server"),
                    args.get("tool"));
            fanOut.run(Integer.parseInt(args.getOrDefault("rounds", "1")), out);
            return;
        }
        int k = Integer.parseInt(args.getOrDefault("k", "1"));
        String transport = args.getOrDefault("transport", "streamable");
        StdioPeer peer = transport.equals("stdio") ? new StdioPeer(command, k, timeoutMs) : null;
        try {
            if (peer != null) {
                peer.start();
            }
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                sessions.add(session(transport, args, timeoutMs, peer, i));
            }
            ClosedLoop loop = new ClosedLoop(sessions, "virtual".equals(args.get("threads")), out);
            long warmup = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args.getOrDefault("warmup-ms", "2000")));
            long measure = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args.getOrDefault("measure-ms", "5000")));
            long upstreamPid = peer == null ? -1 : peer.pid();
            LongSupplier upstreamCpu = () -> upstreamPid < 0 ? 0 : ProcStats.cpuNanos(upstreamPid);
            int windows = Integer.parseInt(args.getOrDefault("windows", "0"));
            if (windows > 0) {
                windows(sessions, "virtual".equals(args.get("threads")), windows, warmup, measure, upstreamCpu, out);
                return;
            }
            long counted = Long.parseLong(args.getOrDefault("calls-per-session", "0"));
            ClosedLoop.Result result = counted > 0
                    ? loop.count(counted, upstreamCpu)
                    : loop.measure(warmup, measure, upstreamCpu, args.containsKey("drop-at-end"));
            sessions.forEach(Session::close);
            out.println("result " + result.toJson());
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
    }

    /**
     * {@code --windows N}: the same sessions measured in up to N windows, each when a line arrives on stdin (the
     * orchestrator interleaves hubs this way without paying for a new generator and new sessions each time).
     */
    private static void windows(
            List<Session> sessions,
            boolean virtualThreads,
            int windows,
            long warmup,
            long measure,
            LongSupplier upstreamCpu,
            PrintStream out)
            throws IOException, InterruptedException {
        java.io.BufferedReader go =
                new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (int w = 0; w < windows && go.readLine() != null; w++) {
            ClosedLoop loop = new ClosedLoop(sessions, virtualThreads, out);
            if (w > 0) {
                loop.alreadyOpen();
            }
            out.println("result "
                    + loop.measure(warmup, measure, upstreamCpu, false).toJson());
        }
        sessions.forEach(Session::close);
    }

    private static Session session(
            String transport, Map<String, String> args, int timeoutMs, StdioPeer peer, int index) {
        String tool = args.getOrDefault("tool", "echo");
        return switch (transport) {
            case "streamable" ->
                new StreamableSession(
                        Endpoint.parse(args.get("url")), tool, timeoutMs, !"false".equals(args.get("listen")));
            case "stateless" -> new StatelessSession(Endpoint.parse(args.get("url")), tool, timeoutMs);
            case "sse" -> new LegacySseSession(Endpoint.parse(args.get("url")), tool, timeoutMs);
            case "rest" -> new RestSession(Endpoint.parse(args.get("url")), args.get("server"), tool, timeoutMs);
            case "stdio" -> new StdioSession(peer, index, tool);
            default -> throw new IllegalArgumentException("unknown transport: " + transport);
        };
    }
}
