package dev.mcphub.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServerScopeTest {
    private static final ServerScope ALPHA_ONLY = ServerScope.only(Set.of("alpha")::contains);

    @Test
    void everyServerGetsTheFrameAsRenderedWithoutLookingAtIt() {
        Frame frame = Frame.of(7, SseWire.SUBSCRIPTION_EVENT, listChanged("beta"));

        assertThat(ServerScope.ALL.view(frame)).isSameAs(frame.bytes());
    }

    @Test
    void aListChangeReachesOnlyAClientOfThatServer() {
        Frame alpha = Frame.of(1, SseWire.SUBSCRIPTION_EVENT, listChanged("alpha"));
        Frame beta = Frame.of(2, SseWire.SUBSCRIPTION_EVENT, listChanged("beta"));

        assertThat(ALPHA_ONLY.view(alpha)).isSameAs(alpha.bytes());
        assertThat(ALPHA_ONLY.view(beta)).isNull();
    }

    @Test
    void theHubsStateAndHeartbeatsReachEveryone() {
        Frame state = Frame.of(3, SseWire.HUB_STATE, Json.object().put("state", "ready"));
        Frame beat = Frame.of(3, SseWire.HEARTBEAT, Json.object().put("connections", 2));

        assertThat(ALPHA_ONLY.view(state)).isSameAs(state.bytes());
        assertThat(ALPHA_ONLY.view(beat)).isSameAs(beat.bytes());
    }

    @Test
    void aLogLineReachesALimitedClientOnlyWhenItNamesOneOfItsServers() {
        Frame alpha = Frame.of(4, SseWire.LOG, log("alpha"));
        Frame beta = Frame.of(5, SseWire.LOG, log("beta"));
        Frame hub = Frame.of(6, SseWire.LOG, Json.object().put("message", "beta: connected"));

        assertThat(ALPHA_ONLY.view(alpha)).isSameAs(alpha.bytes());
        assertThat(ALPHA_ONLY.view(beta)).isNull();
        assertThat(ALPHA_ONLY.view(hub)).isNull();
    }

    @Test
    void aConfigChangeShowsOnlyTheClientsServersAndNoOtherSection() {
        ObjectNode payload = Json.object().put("type", "config_changed").put("isSignificant", true);
        ObjectNode config = payload.putObject("newConfig");
        ObjectNode servers = config.putObject("mcpServers");
        servers.set("alpha", Json.object().put("command", "a"));
        servers.set("beta", Json.object().put("command", "b"));
        config.putObject("profiles").putObject("team").putArray("servers").add("beta");

        JsonNode seen = data(ALPHA_ONLY.view(Frame.of(8, SseWire.SUBSCRIPTION_EVENT, payload)));

        assertThat(seen.at("/newConfig").propertyNames()).containsExactly("mcpServers");
        assertThat(seen.at("/newConfig/mcpServers").propertyNames()).containsExactly("alpha");
        assertThat(seen.path("isSignificant").asBoolean()).isTrue();
        assertThat(payload.at("/newConfig/mcpServers").propertyNames())
                .as("the shared payload is untouched")
                .containsExactly("alpha", "beta");
    }

    @Test
    void aReloadsChangesAreNarrowedToTheClientsServersOrNotSentAtAll() {
        ObjectNode both = changes("servers_updated", "[\"alpha\",\"beta\"]", "[\"gamma\"]");
        ObjectNode others = changes("servers_updating", "[\"beta\"]", "[\"alpha\"]");

        JsonNode seen = data(ALPHA_ONLY.view(Frame.of(9, SseWire.SUBSCRIPTION_EVENT, both)));

        assertThat(seen.at("/changes/modified")).containsExactly(Json.tree("alpha"));
        assertThat(seen.at("/changes/unchanged")).isEmpty();
        assertThat(seen.at("/changes/details").propertyNames()).containsExactly("alpha");
        assertThat(ALPHA_ONLY.view(Frame.of(10, SseWire.SUBSCRIPTION_EVENT, others)))
                .as("alpha only unchanged: nothing of the client's changed")
                .isNull();
    }

    private static ObjectNode listChanged(String server) {
        ObjectNode payload = Json.object().put("type", "tool_list_changed").put("server", server);
        payload.putArray("tools");
        return payload;
    }

    private static ObjectNode log(String server) {
        ObjectNode payload = Json.object().put("type", "info").put("message", server + ": connected");
        payload.putObject("data").put("server", server);
        return payload;
    }

    private static ObjectNode changes(String type, String modified, String unchanged) {
        ObjectNode payload = Json.object().put("type", type);
        ObjectNode changes = payload.putObject("changes");
        changes.putArray("added");
        changes.putArray("removed");
        changes.set("modified", Json.parse(modified));
        changes.set("unchanged", Json.parse(unchanged));
        ObjectNode details = changes.putObject("details");
        Json.parse(modified)
                .forEach(name -> details.putObject(name.asString())
                        .putArray("modifiedFields")
                        .add("env"));
        return payload;
    }

    private static JsonNode data(byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        String data = text.lines()
                .filter(line -> line.startsWith("data: "))
                .findFirst()
                .orElseThrow();
        return Json.parse(data.substring("data: ".length()));
    }
}
