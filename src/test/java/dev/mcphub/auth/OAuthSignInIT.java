package dev.mcphub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.fixtures.OidcProvider;
import dev.mcphub.json.Json;
import dev.mcphub.testing.HubProcess;
import dev.mcphub.testing.ServersJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The hub as an OAuth protected resource in front of a real OpenID provider ({@code oidc-provider}): the
 * TypeScript SDK client signs in to {@code /mcp} with no hub-specific code, a key rotation mid-session is
 * followed, bad tokens are refused, opaque tokens are introspected, and no secret leaks anywhere.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OAuthSignInIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private static OidcProvider provider;
    private static HubProcess hub;
    private static String resource;
    private static Path secrets;
    private static final List<String> signed = new ArrayList<>();
    private static final List<String> answers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        provider = OidcProvider.start();
        Path config = ServersJson.create()
                .stdio("everything", Fixtures.npmServer("server-everything"))
                .stdio("memory", Fixtures.npmServer("server-memory"))
                .write(dir.resolve("servers.json"));
        hub = HubProcess.builder(dir)
                .config(config)
                .args("--no-marketplace", "--auth-issuer", provider.issuer(), "--log-level", "debug")
                .env("MCP_HUB_INTROSPECTION_CLIENT_ID", "hub")
                .env("MCP_HUB_INTROSPECTION_CLIENT_SECRET", "hub-introspection-secret")
                .start();
        resource = "http://127.0.0.1:" + hub.port();
        provider.resource(resource);
        secrets = Files.createFile(dir.resolve("client-secrets.txt"));
        new Authed(hub, token("admin", "mcp:admin", Map.of())).awaitReady(WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    @Order(1)
    void theChallengeAndTheDiscoveryDocumentsLeadAClientToTheIssuer() throws Exception {
        HubProcess.Reply mcp = new Authed(hub, null).mcp("/mcp", null, "{}");
        assertThat(mcp.status()).isEqualTo(401);
        assertThat(mcp.headers().get("www-authenticate").getFirst())
                .startsWith("Bearer ")
                .contains("resource_metadata=\"" + resource + "/.well-known/oauth-protected-resource/mcp\"");
        HubProcess.Reply api = new Authed(hub, null).get("/api/servers");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.json().path("code").asString()).isEqualTo("UNAUTHORIZED");
        assertThat(api.headers().get("www-authenticate").getFirst())
                .contains("resource_metadata=\"" + resource + "/.well-known/oauth-protected-resource\"");
        for (String path :
                List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
            JsonNode metadata = hub.get(path).json();
            assertThat(metadata.path("resource").asString()).isEqualTo(resource);
            assertThat(Json.elements(metadata.path("authorization_servers")))
                    .extracting(JsonNode::asString)
                    .containsExactly(provider.issuer());
            assertThat(Json.elements(metadata.path("scopes_supported")))
                    .extracting(JsonNode::asString)
                    .contains("mcp:read", "mcp:call", "mcp:admin");
        }
        // Every door, not only /mcp.
        for (String path : List.of("/servers/memory/mcp", "/api/events", "/events", "/api/health", "/messages")) {
            assertThat(new Authed(hub, null).get(path).status()).as(path).isEqualTo(401);
        }
    }

    @Test
    @Order(2)
    void theTypeScriptSdkClientSignsInFollowsAKeyRotationAndRefreshesItsToken() throws Exception {
        try (OAuthTsClient client = OAuthTsClient.start(hub.url("/mcp"), secrets)) {
            JsonNode first = client.await(OAuthTsClient.type("tokens"));
            assertThat(client.await(OAuthTsClient.type("authorizing"))
                            .path("authorizationServer")
                            .asString())
                    .isEqualTo(provider.issuer());
            assertThat(first.path("refreshed").asBoolean()).isFalse();
            assertThat(first.path("scope").asString()).contains("mcp:call");
            client.await(OAuthTsClient.type("connected"));
            JsonNode tools = client.step("list", "listTools", null);
            assertThat(Json.elements(tools.path("result").path("tools")))
                    .extracting(t -> t.path("name").asString())
                    .contains("everything__echo", "memory__read_graph");
            assertThat(text(client.callEcho("before", "before rotation"))).isEqualTo("Echo: before rotation");

            String newKid = provider.rotate();
            assertThat(text(client.callEcho("old-key", "old key still listed")))
                    .isEqualTo("Echo: old key still listed");
            client.step("forget", "forgetAccessToken", null);
            JsonNode after = client.callEcho("new-key", "signed with the new key");
            assertThat(text(after)).isEqualTo("Echo: signed with the new key");
            JsonNode refreshed =
                    client.await(line -> "tokens".equals(line.path("type").asString(""))
                            && line.path("refreshed").asBoolean());
            assertThat(refreshed.path("kid").asString())
                    .isEqualTo(newKid)
                    .isNotEqualTo(first.path("kid").asString());
        }
        assertThat(provider.stats().path("registrations").asInt()).isEqualTo(1);
        HubProcess.Reply audit =
                new Authed(hub, token("admin", "mcp:admin", Map.of())).get("/api/audit?who=token:alice");
        answers.add(audit.body());
        List<JsonNode> calls = Json.elements(audit.json().path("entries"));
        assertThat(calls).hasSize(3).allSatisfy(entry -> {
            assertThat(entry.path("via").asString()).isEqualTo("mcp");
            assertThat(entry.path("action").asString()).isEqualTo("tools/call");
            assertThat(entry.path("server").asString()).isEqualTo("everything");
            assertThat(entry.path("item").asString()).isEqualTo("echo");
            assertThat(entry.path("outcome").asString()).isEqualTo("ok");
            assertThat(entry.path("client").asString()).isNotBlank();
            assertThat(entry.path("requestBytes").asLong()).isPositive();
            assertThat(entry.path("responseBytes").asLong()).isPositive();
            assertThat(entry.has("arguments")).isFalse();
        });
        assertThat(audit.body()).doesNotContain("signed with the new key");
    }

    @Test
    @Order(3)
    void expiredWrongAudienceWrongIssuerTamperedAndUnsignedTokensAreRefused() throws Exception {
        long now = Instant.now().getEpochSecond();
        String good = token("bob", "mcp:read mcp:call", Map.of());
        assertThat(new Authed(hub, good).get("/api/servers").status()).isEqualTo(200);
        Map<String, String> bad = new HashMap<>();
        bad.put("expired", token("bob", "mcp:read", Map.of("exp", now - 600, "iat", now - 1200)));
        bad.put("not yet valid", token("bob", "mcp:read", Map.of("nbf", now + 600)));
        bad.put("wrong audience", token("bob", "mcp:read", Map.of("aud", "http://127.0.0.1:1")));
        bad.put("wrong issuer", token("bob", "mcp:read", Map.of("iss", "http://127.0.0.1:2")));
        bad.put("tampered", tamper(good));
        bad.put("alg none", unsigned(good));
        bad.put("garbage", "not-a-token");
        for (Map.Entry<String, String> entry : bad.entrySet()) {
            HubProcess.Reply reply = new Authed(hub, entry.getValue()).get("/api/servers");
            assertThat(reply.status()).as(entry.getKey()).isEqualTo(401);
            assertThat(reply.headers().get("www-authenticate").getFirst())
                    .as(entry.getKey())
                    .contains("error=\"invalid_token\"");
            answers.add(reply.body());
            HubProcess.Reply mcp = new Authed(hub, entry.getValue()).mcp("/mcp", null, "{}");
            assertThat(mcp.status()).as(entry.getKey()).isEqualTo(401);
        }
    }

    @Test
    @Order(4)
    void aTokenWithoutTheCallScopeMayReadButNotCallAndOneWithoutAnyHubScopeIsForbidden() throws Exception {
        Authed reader = new Authed(hub, token("carol", "mcp:read", Map.of()));
        assertThat(reader.get("/api/servers").status()).isEqualTo(200);
        HubProcess.Reply call = reader.post(
                "/api/servers/tools",
                "{\"server_name\":\"everything\",\"tool\":\"echo\",\"arguments\":{\"message\":\"x\"}}");
        assertThat(call.status()).isEqualTo(403);
        assertThat(call.json().path("error").asString()).contains("needs the call scope");
        assertThat(call.headers().get("www-authenticate").getFirst())
                .contains("error=\"insufficient_scope\"")
                .contains("scope=\"mcp:read mcp:call\"")
                .contains("resource_metadata=");
        String session = reader.initialize("/mcp");
        HubProcess.Reply mcpCall = reader.mcp(
                "/mcp",
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"everything__echo\","
                        + "\"arguments\":{\"message\":\"x\"}}}");
        assertThat(mcpCall.status()).isEqualTo(403);
        assertThat(mcpCall.headers().get("www-authenticate").getFirst())
                .contains("error=\"insufficient_scope\"")
                .contains("scope=\"mcp:read mcp:call\"")
                .contains("resource_metadata=\"" + resource + "/.well-known/oauth-protected-resource/mcp\"");
        assertThat(mcpCall.body()).contains("\"error\"").contains("needs the call scope");
        // The session stays usable for what the token does allow.
        assertThat(reader.mcp("/mcp", session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                        .status())
                .isEqualTo(200);

        HubProcess.Reply none = new Authed(hub, token("dave", "openid", Map.of())).get("/api/servers");
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.headers().get("www-authenticate").getFirst())
                .contains("error=\"insufficient_scope\"")
                .contains("scope=\"mcp:read\"");
    }

    @Test
    @Order(5)
    void anOpaqueTokenIsCheckedByIntrospectionAtTheIssuer() throws Exception {
        String opaque = provider.opaqueToken(resource);
        signed.add(opaque);
        assertThat(opaque).doesNotContain(".");
        Authed client = new Authed(hub, opaque);
        assertThat(client.get("/api/servers").status()).isEqualTo(200);
        HubProcess.Reply call = client.post(
                "/api/servers/tools",
                "{\"server_name\":\"everything\",\"tool\":\"echo\",\"arguments\":{\"message\":\"o\"}}");
        assertThat(call.status()).isEqualTo(200);
        assertThat(new Authed(hub, opaque + "x").get("/api/servers").status()).isEqualTo(401);
    }

    @Test
    @Order(6)
    void noIssuedSecretAppearsInLogsApiAnswersAuditOrTheStateDirectory() throws Exception {
        List<String> issued = new ArrayList<>(Files.readAllLines(secrets));
        issued.addAll(signed);
        issued.add("hub-introspection-secret");
        issued.removeIf(String::isBlank);
        assertThat(issued).hasSizeGreaterThan(5);
        Authed admin = new Authed(hub, token("admin", "mcp:admin", Map.of()));
        answers.add(admin.get("/api/audit").body());
        answers.add(admin.get("/api/servers").body());
        answers.add(admin.get("/api/health").body());
        List<String> places = new ArrayList<>(answers);
        places.add(String.join("\n", hub.stderr()));
        try (Stream<Path> files = Files.walk(hub.home())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try {
                    places.add(Files.readString(file, StandardCharsets.ISO_8859_1));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a lock file that went away
                }
            }
        }
        for (String secret : issued) {
            for (String place : places) {
                assertThat(place).doesNotContain(secret);
            }
        }
        JsonNode failures = Json.elements(
                        admin.get("/api/audit?who=127.0.0.1").json().path("entries"))
                .getFirst();
        assertThat(failures.path("outcome").asString()).isEqualTo("failed_sign_in");
    }

    /** A token the provider signs with its real key, for {@code sub} with {@code scope}; {@code extra} overrides. */
    static String token(String subject, String scope, Map<String, Object> extra) throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new HashMap<>(Map.of(
                "iss", provider.issuer(),
                "sub", subject,
                "aud", resource,
                "iat", now,
                "exp", now + 600,
                "scope", scope,
                "client_id", "signed-by-test"));
        claims.putAll(extra);
        String token = provider.sign(claims);
        signed.add(token);
        return token;
    }

    private static String tamper(String jwt) {
        String[] parts = jwt.split("\\.");
        JsonNode payload = Json.parse(Base64.getUrlDecoder().decode(parts[1]));
        ((tools.jackson.databind.node.ObjectNode) payload).put("scope", "mcp:admin");
        return parts[0] + "." + base64(Json.text(payload)) + "." + parts[2];
    }

    private static String unsigned(String jwt) {
        String[] parts = jwt.split("\\.");
        return base64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".";
    }

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode line) {
        return line.path("result").path("content").path(0).path("text").asString("<" + line + ">");
    }
}
