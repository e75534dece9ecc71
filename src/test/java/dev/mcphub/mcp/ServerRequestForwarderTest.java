package dev.mcphub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.auth.Access;
import dev.mcphub.auth.Permission;
import dev.mcphub.json.Json;
import dev.mcphub.jsonrpc.JsonRpcMessage;
import dev.mcphub.jsonrpc.JsonRpcMessage.Request;
import dev.mcphub.jsonrpc.JsonRpcMessage.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerRequestForwarderTest {
    private static final Request SAMPLING =
            new Request(Json.MAPPER.getNodeFactory().numberNode(1), "sampling/createMessage", Json.object());

    private final List<JsonRpcMessage> sent = new ArrayList<>();
    private final Outbound stream = new Outbound() {
        @Override
        public boolean send(JsonRpcMessage message) {
            return sent.add(message);
        }

        @Override
        public void probe() {}
    };

    @Test
    void aRequestThatMayBelongToTwoCallersCallsIsAskedOfNeither() {
        try (Sessions sessions = new Sessions(McpSettings.defaults("test"), session -> {})) {
            ServerRequestForwarder forwarder = new ServerRequestForwarder(sessions, McpSettings.defaults("test"));

            Response answer =
                    forwarder.handle("everything", SAMPLING, List.of(call(caller("alice")), call(caller("bob"))));

            assertThat(answer.error()).isNotNull();
            assertThat(answer.error().message()).contains("cannot tell whose call", "'everything'");
            assertThat(sent).isEmpty();
        }
    }

    @Test
    void oneCallersCallsAreStillMatchedNewestFirst() {
        try (Sessions sessions = new Sessions(McpSettings.defaults("test"), session -> {})) {
            ServerRequestForwarder forwarder = new ServerRequestForwarder(sessions, McpSettings.defaults("test"));

            Response answer = forwarder.handle("everything", SAMPLING, List.of(call(Access.LOCAL), call(Access.LOCAL)));

            assertThat(answer.error().message())
                    .as("no session declared sampling, so nobody can be asked; but not for want of knowing whose")
                    .doesNotContain("cannot tell whose call")
                    .contains("no connected client that supports sampling");
        }
    }

    private CallContext call(Access access) {
        return new CallContext(
                new McpSession(new Scope.Aggregate(new Sightings()), false, access), stream, Duration.ofSeconds(1));
    }

    private static Access caller(String name) {
        return new Access("key:" + name, null, Set.of(Permission.CALL), null);
    }
}
