package dev.mcphub.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.config.ConfigDiff;
import dev.mcphub.hub.Catalog;
import dev.mcphub.hub.HubEvent;
import dev.mcphub.hub.HubState;
import dev.mcphub.json.Json;
import dev.mcphub.upstream.ListKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The names and payloads of the reference's SSE events, which editor plugins depend on. */
class SseWireTest {
    private final SseWire wire = new SseWire(4242, () -> 37373);

    @Test
    void hubStateCarriesStateServerIdPidAndPort() {
        ObjectNode ready = wire.hubState(new HubEvent.StateChanged(HubState.READY));

        assertThat(Json.text(ready))
                .isEqualTo("{\"state\":\"ready\",\"server_id\":\"mcp-hub\",\"pid\":4242,\"port\":37373}");
    }

    @Test
    void onlyRestartedSaysItHasRestarted() {
        assertThat(wire.hubState(new HubEvent.StateChanged(HubState.RESTARTED))
                        .get("has_restarted")
                        .asBoolean())
                .isTrue();
        for (HubState state : HubState.values()) {
            if (state != HubState.RESTARTED) {
                assertThat(wire.hubState(new HubEvent.StateChanged(state)).has("has_restarted"))
                        .isFalse();
            }
        }
    }

    @Test
    void anErrorStateCarriesItsMessageAndCode() {
        ObjectNode error = wire.hubState(new HubEvent.StateChanged(HubState.ERROR, "port in use", "EADDRINUSE"));

        assertThat(error.get("state").asString()).isEqualTo("error");
        assertThat(error.get("message").asString()).isEqualTo("port in use");
        assertThat(error.get("code").asString()).isEqualTo("EADDRINUSE");
    }

    @Test
    void listChangesAreSubscriptionEventsWithTheFullObjects() {
        JsonNode tool = Json.parse("{\"name\":\"echo\",\"description\":\"d\",\"inputSchema\":{\"type\":\"object\"}}");
        WireEvent tools = wire.toWire(new HubEvent.ToolListChanged("alpha", List.of(tool)))
                .orElseThrow();
        WireEvent resources = wire.toWire(new HubEvent.ResourceListChanged(
                        "alpha", List.of(Json.parse("{\"uri\":\"a://1\"}")), List.of()))
                .orElseThrow();
        WireEvent prompts =
                wire.toWire(new HubEvent.PromptListChanged("alpha", List.of())).orElseThrow();

        assertThat(tools.name()).isEqualTo("subscription_event");
        assertThat(tools.payload())
                .isEqualTo(
                        Json.parse("{\"type\":\"tool_list_changed\",\"server\":\"alpha\",\"tools\":[" + tool + "]}"));
        assertThat(resources.payload())
                .isEqualTo(Json.parse("{\"type\":\"resource_list_changed\",\"server\":\"alpha\","
                        + "\"resources\":[{\"uri\":\"a://1\"}],\"resourceTemplates\":[]}"));
        assertThat(prompts.payload())
                .isEqualTo(Json.parse("{\"type\":\"prompt_list_changed\",\"server\":\"alpha\",\"prompts\":[]}"));
    }

    @Test
    void serversUpdatedAfterARestCommandCarriesOnlyTheChanges() {
        WireEvent updated = wire.toWire(HubEvent.ServersUpdated.of(new HubEvent.Changes.Modified("alpha")))
                .orElseThrow();

        assertThat(updated.name()).isEqualTo("subscription_event");
        assertThat(updated.payload())
                .isEqualTo(Json.parse("{\"type\":\"servers_updated\",\"changes\":{\"modified\":[\"alpha\"]}}"));
    }

    @Test
    void aLogEntryHasTypeMessageDataAndItsCodeWhenThereIsOne() {
        WireEvent plain = wire.toWire(new HubEvent.Log("info", "alpha: connected", null, null, Instant.now()))
                .orElseThrow();
        WireEvent coded = wire.toWire(new HubEvent.Log(
                        "error", "boom", Json.object().put("server", "alpha"), "CONFIG_ERROR", Instant.now()))
                .orElseThrow();

        assertThat(plain.name()).isEqualTo("log");
        assertThat(plain.payload())
                .isEqualTo(Json.parse("{\"type\":\"info\",\"message\":\"alpha: connected\",\"data\":{}}"));
        assertThat(coded.payload())
                .isEqualTo(
                        Json.parse(
                                "{\"type\":\"error\",\"message\":\"boom\",\"data\":{\"server\":\"alpha\"},\"code\":\"CONFIG_ERROR\"}"));
    }

    @Test
    void catalogueChangesAreNotSentOnTheStream() {
        assertThat(wire.toWire(new HubEvent.CatalogChanged(Catalog.EMPTY, Set.of(ListKind.TOOLS))))
                .isEmpty();
    }

    @Test
    void aConfigDiffIsTheReferencesChangesObject() {
        ConfigDiff diff = new ConfigDiff(
                List.of("new"),
                List.of("gone"),
                List.of("s"),
                List.of(),
                Map.of(
                        "s",
                        new ConfigDiff.Change(
                                List.of("command", "args", "cwd"),
                                Map.of("command", Json.tree("a"), "args", Json.array(), "cwd", Json.tree("/x")),
                                Map.of("command", Json.tree("b"), "args", Json.parse("[\"1\"]")))));

        assertThat(SseWire.changes(new HubEvent.Changes.Diff(diff))).isEqualTo(Json.parse("""
                        {"added": ["new"], "removed": ["gone"], "modified": ["s"], "unchanged": [],
                         "details": {"s": {"modifiedFields": ["command", "args", "cwd"],
                                           "oldValues": {"command": "a", "args": [], "cwd": "/x"},
                                           "newValues": {"command": "b", "args": ["1"]}}}}
                        """));
    }

    @Test
    void aFailedReloadIsAnErrorLogEventWithItsCodeAndWhereItFailed() {
        WireEvent event = wire.toWire(new HubEvent.ConfigReloadFailed(
                        "servers.json line 3: unexpected ','", Map.of("file", "servers.json", "line", 3)))
                .orElseThrow();

        assertThat(event.name()).isEqualTo("log");
        assertThat(event.payload().path("type").asString()).isEqualTo("error");
        assertThat(event.payload().path("code").asString()).isEqualTo("CONFIG_RELOAD_ERROR");
        assertThat(event.payload().path("message").asString()).contains("servers.json line 3");
        assertThat(event.payload().at("/data/line").asInt()).isEqualTo(3);
        assertThat(event.payload().at("/data/reason").asString()).isEqualTo("servers.json line 3: unexpected ','");
    }
}
