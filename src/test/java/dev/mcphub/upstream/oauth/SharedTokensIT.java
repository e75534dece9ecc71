package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.cluster.RedisCredentials;
import dev.mcphub.cluster.RedisSessions;
import dev.mcphub.fixtures.OAuthServer;
import dev.mcphub.testing.RedisServer;
import dev.mcphub.testing.TestHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas' OAuth clients (each its own token file, its own connection to a real {@code redis-server}) on one
 * server of the fixture authorization server, whose refresh tokens rotate: a refresh token spent twice fails.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SharedTokensIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @Test
    void twoReplicasRacingToRefreshOneTokenRefreshItOnceAndBothUseTheNewOne() throws Exception {
        OAuthServer server = opened(OAuthServer.builder().start());
        RedisServer redis = opened(RedisServer.start(dir));
        OAuthClients a = replica("a", redis);
        OAuthClients b = replica("b", redis);
        OAuthSession onA = a.session("prot", server.mcpUrl(), null);
        authorize(a, onA, server);
        OAuthSession onB = b.session("prot", server.mcpUrl(), null); // Made after: it reads what A stored.
        String first = onA.authorizationHeader();
        assertThat(onB.authorizationHeader())
                .as("B starts with the token A was given")
                .isEqualTo(first);

        server.expireAccessTokens(); // Both get a 401 with the same token and renew it at the same moment.
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = opened(Executors.newVirtualThreadPerTaskExecutor());
        Future<Boolean> renewedOnA = threads.submit(() -> renewTogether(onA, first, together));
        Future<Boolean> renewedOnB = threads.submit(() -> renewTogether(onB, first, together));

        assertThat(renewedOnA.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(renewedOnB.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(refreshGrants(server))
                .as("refresh requests at the authorization server")
                .isEqualTo(1);
        String fresh = onA.authorizationHeader();
        assertThat(fresh).isNotEqualTo(first);
        assertThat(onB.authorizationHeader()).isEqualTo(fresh);
        assertThat(initialize(server, fresh))
                .as("the MCP server takes the new token")
                .isEqualTo(200);
        assertThat(initialize(server, first)).isEqualTo(401);
    }

    @Test
    void aReplicaStartedAfterTheAuthorizationFindsTheTokensThroughRedisAlone() throws Exception {
        OAuthServer server = opened(OAuthServer.builder().start());
        RedisServer redis = opened(RedisServer.start(dir));
        OAuthClients a = replica("a", redis);
        OAuthSession onA = a.session("prot", server.mcpUrl(), null);
        authorize(a, onA, server);

        // Another data directory: nothing on B's disk, only Redis can have told it.
        OAuthClients b = replica("b", redis);
        assertThat(b.session("prot", server.mcpUrl(), null).authorizationHeader())
                .isEqualTo(onA.authorizationHeader());
    }

    @Test
    void tokensSurviveARedisRestartedEmptyBecauseTheReplicasOfferThemAgain() throws Exception {
        OAuthServer server = opened(OAuthServer.builder().start());
        RedisServer redis = opened(RedisServer.start(dir));
        OAuthClients a = replica("a", redis);
        OAuthSession onA = a.session("prot", server.mcpUrl(), null);
        authorize(a, onA, server);

        redis.restart(); // Empty: no persistence.

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(replica("late", redis)
                                .session("prot", server.mcpUrl(), null)
                                .authorizationHeader())
                        .isEqualTo(onA.authorizationHeader()));
    }

    @Test
    void anAuthorizationStartedOnOneReplicaIsCompletedByTheBrowsersReturnToAnother() throws Exception {
        OAuthServer server = opened(OAuthServer.builder().start());
        RedisServer redis = opened(RedisServer.start(dir));
        OAuthClients a = replica("a", redis);
        OAuthClients b = replica("b", redis);
        OAuthSession onB = b.session("prot", server.mcpUrl(), null); // B runs the server, unauthorized, too.
        OAuthSession onA = a.session("prot", server.mcpUrl(), null);

        HttpResponse<String> refused = post(server, null);
        String link = onA.beginAuthorization(
                refused.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertThat(onB.authorizationUrl()).as("B made no link of its own").isNull();
        URI callback = UserAgent.approve(link); // The balancer sends the browser's return to B.
        AuthorizationResponse response = AuthorizationResponse.fromUrl(callback.toString());

        assertThat(b.complete(response)).isEqualTo("prot");
        String header = onB.authorizationHeader();
        assertThat(header).as("B traded the code A's flow asked for").isNotNull();
        assertThat(initialize(server, header)).isEqualTo(200);
        assertThat(refreshGrants(server)).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.complete(response))
                .as("the state is used up on every replica")
                .hasMessageContaining("unknown or was already used");
    }

    private OAuthClients replica(String name, RedisServer redis) {
        RedisSessions sessions = opened(new RedisSessions(URI.create(redis.url()), name, Duration.ofMinutes(5)));
        sessions.start();
        OAuthClients clients = opened(new OAuthClients(
                dir.resolve(name).resolve("oauth-storage.json"),
                () -> URI.create("http://localhost:9"), // The test plays the browser: the callback is never visited.
                TIMEOUT,
                refreshed -> {},
                new RedisCredentials(sessions)));
        sessions.onReconnect(clients::reconcile); // As cli wires it.
        clients.start();
        return clients;
    }

    /** The user authorizes the server through replica {@code clients}. */
    private static void authorize(OAuthClients clients, OAuthSession session, OAuthServer server) throws Exception {
        HttpResponse<String> refused = post(server, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        String link = session.beginAuthorization(
                refused.headers().firstValue("WWW-Authenticate").orElseThrow());
        URI callback = UserAgent.approve(link);
        assertThat(clients.complete(AuthorizationResponse.fromUrl(callback.toString())))
                .isEqualTo("prot");
    }

    private static boolean renewTogether(OAuthSession session, String rejected, CyclicBarrier together) {
        try {
            together.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return session.renew(rejected);
    }

    private static int initialize(OAuthServer server, String header) throws Exception {
        return post(server, header).statusCode();
    }

    private static HttpResponse<String> post(OAuthServer server, String header) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.mcpUrl()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(
                        HttpRequest.BodyPublishers.ofString(
                                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"));
        if (header != null) {
            request.header("Authorization", header);
        }
        return TestHttp.shared().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int refreshGrants(OAuthServer server) throws Exception {
        JsonNode stats = server.stats();
        return (int) StreamSupport.stream(stats.get("tokenRequests").spliterator(), false)
                .filter(request ->
                        "refresh_token".equals(request.get("grant_type").asString()))
                .count();
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}
