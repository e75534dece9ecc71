package dev.mcphub.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.tracing.OtlpReceiver.ReceivedSpan;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Traces end to end: a client's trace context goes into the hub (header or {@code params._meta}), the hub's
 * spans reach an OTLP receiver, and the upstream (an independent Node fixture that reports what it was sent)
 * gets the hub's client span as its parent: in {@code _meta} over stdio, as a header over HTTP.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TracingIT {
    private static final Pattern SEEN = Pattern.compile("traceparent=00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;

    static OtlpReceiver receiver;
    static Process httpUpstream;
    static HubProcess hub;

    @BeforeAll
    static void start() throws Exception {
        receiver = new OtlpReceiver();
        Path script = Fixtures.dir().resolve("tracing/traceparent-server.mjs");
        httpUpstream = new ProcessBuilder("node", script.toString(), "http")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String listening = new BufferedReader(
                        new InputStreamReader(httpUpstream.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(listening).startsWith("listening ");
        int port = Integer.parseInt(listening.substring("listening ".length()).trim());
        ObjectNode servers = Json.object();
        ObjectNode stdio = servers.putObject("stdio-traced");
        stdio.put("command", "node");
        stdio.putArray("args").add(script.toString()).add("stdio");
        servers.putObject("http-traced").put("url", "http://127.0.0.1:" + port + "/mcp");
        ObjectNode config = Json.object();
        config.set("mcpServers", servers);
        Path file = Files.writeString(dir.resolve("servers.json"), Json.text(config));
        hub = HubProcess.builder(dir)
                .config(file)
                .args("--no-marketplace", "--log-format", "json")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .env("OTEL_BSP_SCHEDULE_DELAY", "100")
                .start()
                .awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (httpUpstream != null) {
            httpUpstream.destroy();
            httpUpstream.waitFor(5, TimeUnit.SECONDS);
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aRestCallWithATraceparentHeaderRunsThroughTheHubIntoAStdioServersMeta() throws Exception {
        String traceId = hex(16);
        String clientSpan = hex(8);
        HubProcess.Reply reply = hub.send(HttpRequest.newBuilder(URI.create(hub.url("/api/servers/tools")))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"server_name\":\"stdio-traced\",\"tool\":\"whoami\"}")));
        ReceivedSpan call = upstreamCall(reply, traceId);
        assertThat(call.traceId()).isEqualTo(traceId);
        assertThat(call.kind()).isEqualTo("SPAN_KIND_CLIENT");
        assertThat(call.name()).isEqualTo("tools/call whoami");
        assertThat(call.attributes())
                .containsEntry("mcp.method.name", "tools/call")
                .containsEntry("gen_ai.tool.name", "whoami")
                .containsEntry("gen_ai.operation.name", "execute_tool")
                .containsEntry("mcphub.server", "stdio-traced")
                .containsEntry("network.transport", "pipe")
                .containsEntry("mcphub.outcome", "ok")
                .containsKeys("mcphub.request.size", "mcphub.response.size");
        ReceivedSpan http = awaitSpan(call.parentSpanId());
        assertThat(http.name()).isEqualTo("POST /api/servers/tools");
        assertThat(http.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(http.parentSpanId()).isEqualTo(clientSpan);
        assertThat(http.attributes()).containsEntry("http.response.status_code", "200");
        assertThat(receiver.serviceNames()).contains("mcp-hub");

        HubProcess.Reply metrics = hub.send(HttpRequest.newBuilder(URI.create(hub.url("/metrics")))
                .header("Accept", "application/openmetrics-text; version=1.0.0")
                .GET());
        assertThat(metrics.body()).as("latency exemplars point at traces").contains("trace_id=\"" + traceId + "\"");
    }

    @Test
    void anMcpCallWithMetaTraceparentRunsThroughTheHubIntoAnHttpServersHeader() throws Exception {
        String session = initialize();
        String traceId = hex(16);
        String clientSpan = hex(8);
        String call = """
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"http_traced__whoami","arguments":{},
                 "_meta":{"traceparent":"00-%s-%s-01"}}}""".formatted(traceId, clientSpan);
        HubProcess.Reply reply = hub.send(mcpPost(call).header("Mcp-Session-Id", session));
        ReceivedSpan upstreamCall = upstreamCall(reply, traceId);
        assertThat(upstreamCall.traceId()).isEqualTo(traceId);
        assertThat(upstreamCall.attributes())
                .containsEntry("mcphub.server", "http-traced")
                .containsEntry("network.transport", "tcp")
                .containsEntry("gen_ai.tool.name", "whoami");
        ReceivedSpan mcpRequest = awaitSpan(upstreamCall.parentSpanId());
        assertThat(mcpRequest.name()).isEqualTo("tools/call http_traced__whoami");
        assertThat(mcpRequest.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(mcpRequest.parentSpanId()).isEqualTo(clientSpan);
        assertThat(mcpRequest.attributes())
                .containsEntry("mcp.session.id", session)
                .containsEntry("jsonrpc.request.id", "2")
                .containsEntry("gen_ai.tool.name", "http_traced__whoami")
                .as("the POST's only request: its span is the HTTP server span")
                .containsEntry("http.request.method", "POST")
                .containsEntry("http.route", "/mcp")
                .containsEntry("http.response.status_code", "200");
        assertThat(receiver.spans())
                .as("no second server span for the POST in the trace")
                .filteredOn(span -> span.traceId().equals(traceId))
                .noneMatch(span -> span.name().equals("POST /mcp"));
        // A POST of notifications only has no MCP span: it keeps an HTTP span of its own.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> receiver.spans().stream()
                        .anyMatch(span -> span.name().equals("POST /mcp")
                                && "202".equals(span.attributes().get("http.response.status_code"))));
    }

    @Test
    void anMcpPostOfOneRequestIsOneServerSpanUnderTheClientsTraceparentHeader() throws Exception {
        String session = initialize();
        String traceId = hex(16);
        String clientSpan = hex(8);
        String call = """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"stdio_traced__whoami","arguments":{}}}""";
        HubProcess.Reply reply = hub.send(mcpPost(call)
                .header("Mcp-Session-Id", session)
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01"));
        ReceivedSpan upstreamCall = upstreamCall(reply, traceId);
        ReceivedSpan server = awaitSpan(upstreamCall.parentSpanId());
        assertThat(server.name()).isEqualTo("tools/call stdio_traced__whoami");
        assertThat(server.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(server.parentSpanId()).isEqualTo(clientSpan);
        assertThat(server.attributes())
                .containsEntry("mcp.method.name", "tools/call")
                .containsEntry("http.request.method", "POST")
                .containsEntry("http.route", "/mcp")
                .containsEntry("http.response.status_code", "200");
        assertThat(receiver.spans())
                .filteredOn(span -> span.traceId().equals(traceId))
                .extracting(ReceivedSpan::name)
                .containsExactlyInAnyOrder("tools/call stdio_traced__whoami", "tools/call whoami");
    }

    @Test
    void aBatchPostKeepsAnHttpSpanAsTheParentOfEachRequestsSpan() throws Exception {
        String session = initialize();
        String traceId = hex(16);
        String clientSpan = hex(8);
        HubProcess.Reply reply = hub.send(mcpPost("""
                        [{"jsonrpc":"2.0","id":11,"method":"ping"},{"jsonrpc":"2.0","id":12,"method":"tools/list"}]""")
                .header("Mcp-Session-Id", session)
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        ReceivedSpan http = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> receiver.spans().stream()
                                .filter(span -> span.traceId().equals(traceId)
                                        && span.name().equals("POST /mcp"))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(http.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(http.parentSpanId()).isEqualTo(clientSpan);
        assertThat(http.attributes()).containsEntry("http.response.status_code", "200");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(receiver.spans())
                        .filteredOn(span -> span.parentSpanId().equals(http.spanId()))
                        .extracting(ReceivedSpan::name)
                        .containsExactlyInAnyOrder("ping", "tools/list"));
    }

    @Test
    void jsonLogLinesCarryTheTraceOfTheRequestTheyAreAbout() throws Exception {
        String traceId = hex(16);
        HubProcess.Reply reply = hub.send(HttpRequest.newBuilder(URI.create(hub.url("/api/servers/resources")))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"server_name\":\"stdio-traced\",\"uri\":\"test://nothing\"}")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(502); // The fixture has no resources/read.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(hub.stderr())
                        .filteredOn(line -> line.startsWith("{"))
                        .map(Json::parse)
                        .anySatisfy(line -> {
                            assertThat(line.path("trace_id").asString("")).isEqualTo(traceId);
                            assertThat(line.path("level").asString("")).isEqualTo("WARN");
                            assertThat(line.path("span_id").asString("")).hasSize(16);
                            assertThat(line.path("logger").asString("")).isNotEmpty();
                        }));
        assertThat(hub.stderr())
                .filteredOn(line -> line.startsWith("{"))
                .map(Json::parse)
                .anySatisfy(line -> assertThat(line.path("server").asString("")).isEqualTo("stdio-traced"));
        assertThat(hub.stderr()).noneMatch(line -> line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*"));
    }

    private static String initialize() throws Exception {
        HubProcess.Reply init = hub.send(mcpPost("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{},"clientInfo":{"name":"tracing-it","version":"1"}}}"""));
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        String session = init.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Mcp-Session-Id"))
                .map(e -> e.getValue().getFirst())
                .findFirst()
                .orElseThrow();
        hub.send(mcpPost("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .header("Mcp-Session-Id", session));
        return session;
    }

    private static HttpRequest.Builder mcpPost(String body) {
        return HttpRequest.newBuilder(URI.create(hub.url("/mcp")))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /**
     * The span of the hub's call to the upstream that answered {@code reply}: the upstream echoes the traceparent it
     * received, which must carry the client's trace and name that span as its parent.
     */
    private static ReceivedSpan upstreamCall(HubProcess.Reply reply, String traceId) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        Matcher seen = SEEN.matcher(reply.body());
        assertThat(seen.find())
                .as("the upstream saw a traceparent: %s", reply.body())
                .isTrue();
        assertThat(seen.group(1)).isEqualTo(traceId);
        return awaitSpan(seen.group(2));
    }

    private static ReceivedSpan awaitSpan(String spanId) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> receiver.spans().stream()
                                .filter(span -> span.spanId().equals(spanId))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
