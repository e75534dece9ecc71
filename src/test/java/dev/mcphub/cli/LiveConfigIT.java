package dev.mcphub.cli;

import static dev.mcphub.testing.SseReader.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcphub.config.Secrets;
import dev.mcphub.fixtures.FaultServer;
import dev.mcphub.fixtures.Fixtures;
import dev.mcphub.json.Json;
import dev.mcphub.testing.ConfigFile;
import dev.mcphub.testing.HubServers;
import dev.mcphub.testing.LiveHub;
import dev.mcphub.testing.McpClient;
import dev.mcphub.testing.SseReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code --watch}: config files edited while the real hub runs real servers. */
class LiveConfigIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Set<String> RELOAD_EVENTS = Set.of("config_changed", "servers_updating", "servers_updated");

    @TempDir
    Path dir;

    private ConfigFile config;

    /** A hub following a config with the server "alpha", and its event stream. */
    @RegisterExtension
    final LiveHub live = LiveHub.on(
            () -> {
                config = ConfigFile.at(dir.resolve("servers.json"))
                        .server("alpha", fault("alpha"))
                        .write();
                return config.path();
            },
            "--watch");

    @Test
    void addingAServerStartsOnlyItWithTheReferenceEventSequence() throws Exception {
        long alphaPid = pid("alpha");
        int mark = live.mark();

        config.server("beta", fault("beta")).write();
        live.awaitAfter(mark, subscription("servers_updated"));

        List<JsonNode> sequence = reloadEvents(mark);
        assertThat(sequence)
                .extracting(e -> e.path("type").asString())
                .containsExactly("config_changed", "servers_updating", "servers_updated");
        JsonNode changed = sequence.get(0);
        assertThat(changed.path("isSignificant").asBoolean()).isTrue();
        assertThat(changed.at("/newConfig/mcpServers").propertyNames()).containsExactly("alpha", "beta");
        assertThat(changed.at("/newConfig/mcpServers/beta/config_source").asString())
                .isEqualTo(config.path().toString());
        JsonNode expected = Json.parse(
                "{\"added\":[\"beta\"],\"removed\":[],\"modified\":[],\"unchanged\":[\"alpha\"],\"details\":{}}");
        assertThat(sequence.get(1).get("changes")).isEqualTo(expected);
        assertThat(sequence.get(2).get("changes")).isEqualTo(expected);
        assertThat(status("beta").path("status").asString()).isEqualTo("connected");
        assertThat(pid("alpha")).isEqualTo(alphaPid);
    }

    @Test
    void modifyingDisablingEnablingAndRemovingThroughEditsTouchesOnlyThatServer() throws Exception {
        config.server("beta", fault("beta")).write();
        HubServers.awaitStatus(live.hub(), "beta", "connected", PATIENCE);
        long alphaPid = pid("alpha");
        long betaPid = pid("beta");

        ObjectNode moreTools = fault("alpha", "--tools", "2");
        JsonNode modified = edit(() -> config.server("alpha", moreTools).renameOver());
        assertThat(modified.at("/changes/modified")).containsExactly(Json.tree("alpha"));
        assertThat(modified.at("/changes/details/alpha/modifiedFields")).containsExactly(Json.tree("args"));
        assertThat(status("alpha").at("/capabilities/tools")).hasSize(5);
        assertThat(pid("alpha")).isNotEqualTo(alphaPid);
        assertThat(HubServers.gone(alphaPid))
                .as("the old alpha process has exited")
                .isTrue();
        assertThat(pid("beta")).isEqualTo(betaPid);
        long newAlphaPid = pid("alpha");

        config.entry("beta").put("disabled", true);
        JsonNode disabled = edit(config::write);
        assertThat(disabled.at("/changes/details/beta/modifiedFields")).containsExactly(Json.tree("disabled"));
        assertThat(status("beta").path("status").asString()).isEqualTo("disabled");
        await().atMost(PATIENCE).until(() -> HubServers.gone(betaPid));

        config.entry("beta").remove("disabled");
        edit(config::renameOver);
        assertThat(status("beta").path("status").asString()).isEqualTo("connected");
        long enabledBetaPid = pid("beta");

        JsonNode removed = edit(() -> config.remove("beta").write());
        assertThat(removed.at("/changes/removed")).containsExactly(Json.tree("beta"));
        assertThat(servers().propertyNames()).containsExactly("alpha");
        await().atMost(PATIENCE).until(() -> HubServers.gone(enabledBetaPid));
        assertThat(pid("alpha")).isEqualTo(newAlphaPid);
    }

    @Test
    void anEditedSecretReachesNoEventOnlyItsMask() throws Exception {
        ObjectNode withToken = fault("alpha");
        withToken.putObject("env").put("API_TOKEN", "old-secret-4711").put("WHERE", "${env:HOME}");
        edit(() -> config.server("alpha", withToken).write());
        int mark = live.mark();

        ((ObjectNode) withToken.get("env")).put("API_TOKEN", "new-secret-0815");
        edit(() -> config.server("alpha", withToken).write());

        List<SseReader.Event> events = after(mark);
        assertThat(events).extracting(e -> e.json().toString()).noneMatch(text -> text.contains("secret-"));
        List<JsonNode> sequence = reloadEvents(mark);
        assertThat(sequence.get(0)
                        .at("/newConfig/mcpServers/alpha/env/API_TOKEN")
                        .asString())
                .isEqualTo(Secrets.MASK);
        assertThat(sequence.get(0).at("/newConfig/mcpServers/alpha/env/WHERE").asString())
                .as("a placeholder names where the secret is, and is shown")
                .isEqualTo("${env:HOME}");
        assertThat(sequence.get(2).at("/changes/details/alpha/modifiedFields")).containsExactly(Json.tree("env"));
        assertThat(sequence.get(2)
                        .at("/changes/details/alpha/newValues/env/API_TOKEN")
                        .asString())
                .isEqualTo(Secrets.MASK);
    }

    @Test
    void twoEditsWithinTheSettleTimeAreAppliedAsOne() throws Exception {
        int mark = live.mark();

        config.server("beta", fault("beta")).write();
        Thread.sleep(50); // The second save of a burst, well inside the 200 ms settle time.
        config.server("gamma", fault("gamma")).renameOver();
        live.awaitAfter(mark, subscription("servers_updated"));

        List<JsonNode> sequence = reloadEvents(mark);
        assertThat(sequence)
                .extracting(e -> e.path("type").asString())
                .containsExactly("config_changed", "servers_updating", "servers_updated");
        assertThat(sequence.get(1).at("/changes/added")).containsExactly(Json.tree("beta"), Json.tree("gamma"));
        assertThat(status("gamma").path("status").asString()).isEqualTo("connected");
    }

    @Test
    void anUntouchedServerKeepsItsProcessAndItsMcpSessionAcrossAnEdit() throws Exception {
        long alphaPid = pid("alpha");
        try (McpClient client = McpClient.connect(live.hub().url("/mcp"));
                SseReader notifications = client.openStream()) {
            assertThat(client.toolNames()).contains("alpha__echo").doesNotContain("beta__echo");

            edit(() -> config.server("beta", fault("beta")).write());

            notifications.awaitEvent(e -> e.data().contains("notifications/tools/list_changed"), PATIENCE);
            assertThat(client.toolNames()).contains("alpha__echo", "beta__echo");
            JsonNode echoed = client.request(
                    "tools/call",
                    Json.object()
                            .put("name", "alpha__echo")
                            .set("arguments", Json.object().put("message", "still here")));
            assertThat(echoed.at("/result/content/0/text").asString()).isEqualTo("still here");
        }
        assertThat(pid("alpha")).isEqualTo(alphaPid);
    }

    @Test
    void anInvalidEditChangesNothingAndTheNextValidEditIsComparedWithTheLastGoodConfig() throws Exception {
        long alphaPid = pid("alpha");
        int mark = live.mark();

        config.writeText("{\n  \"mcpServers\": {\n    \"alpha\": {,\n  }\n}\n");
        JsonNode rejected =
                live.awaitAfter(mark, subscription("config_changed")).json();
        assertThat(rejected.propertyNames()).containsExactlyInAnyOrder("type", "isSignificant", "timestamp");
        assertThat(rejected.path("isSignificant").asBoolean()).isFalse();
        JsonNode logged = live.awaitAfter(
                        mark, e -> e.name().equals("log") && e.data().contains("CONFIG_RELOAD_ERROR"))
                .json();
        assertThat(logged.path("type").asString()).isIn("warn", "error");
        assertThat(logged.at("/data/file").asString()).isEqualTo(config.path().toString());
        assertThat(logged.at("/data/line").asInt()).isEqualTo(3);
        assertThat(logged.at("/data/reason").asString()).isNotBlank();
        assertThat(logged.path("message").asString()).contains(config.path().toString());

        int invalid = live.mark();
        config.writeText("{\"mcpServers\": {\"alpha\": {\"args\": [\"no command\"]}}}");
        JsonNode invalidEntry = live.awaitAfter(
                        invalid, e -> e.name().equals("log") && e.data().contains("CONFIG_RELOAD_ERROR"))
                .json();
        assertThat(invalidEntry.at("/data/server").asString()).isEqualTo("alpha");
        await().atMost(PATIENCE).until(() -> reloadEvents(mark).size() >= 2);
        assertThat(reloadEvents(mark))
                .extracting(e -> e.path("type").asString())
                .containsExactly("config_changed", "config_changed");
        assertThat(pid("alpha")).isEqualTo(alphaPid);

        int valid = live.mark();
        config.server("beta", fault("beta")).write();
        live.awaitAfter(valid, subscription("servers_updated"));
        JsonNode updating = reloadEvents(valid).get(1);
        assertThat(updating.at("/changes/added")).containsExactly(Json.tree("beta"));
        assertThat(updating.at("/changes/unchanged")).containsExactly(Json.tree("alpha"));
        assertThat(pid("alpha")).isEqualTo(alphaPid);
    }

    @Test
    void anEditOfNoKeyFieldIsReportedAsNotSignificantAndChangesNothing() throws Exception {
        long alphaPid = pid("alpha");
        int mark = live.mark();

        config.entry("alpha").put("description", "the first server");
        config.write();

        JsonNode changed = live.awaitAfter(mark, subscription("config_changed")).json();
        assertThat(changed.path("isSignificant").asBoolean()).isFalse();
        assertThat(changed.at("/newConfig/mcpServers/alpha/description").asString())
                .isEqualTo("the first server");
        await().during(Duration.ofMillis(700))
                .atMost(Duration.ofSeconds(2))
                .until(() -> reloadEvents(mark).size() == 1);
        assertThat(status("alpha").path("description").asString()).isEqualTo("the first server");
        assertThat(pid("alpha")).isEqualTo(alphaPid);
    }

    @Test
    void aDeletedConfigFileKeepsItsServersWarnsOnceAndItsNextVersionIsComparedWithTheLastGoodOne() throws Exception {
        long alphaPid = pid("alpha");
        int mark = live.mark();

        java.nio.file.Files.delete(config.path());
        SseReader.Event warning =
                live.awaitAfter(mark, e -> e.name().equals("log") && e.data().contains("was deleted"));
        assertThat(warning.json().path("type").asString()).isEqualTo("warn");
        assertThat(warning.json().path("message").asString())
                .contains(config.path().toString());
        assertThat(reloadEvents(mark)).isEmpty();
        assertThat(status("alpha").path("status").asString()).isEqualTo("connected");
        assertThat(pid("alpha")).isEqualTo(alphaPid);

        int back = live.mark();
        config.server("beta", fault("beta")).write();
        JsonNode updating =
                live.awaitAfter(back, subscription("servers_updating")).json();
        assertThat(updating.at("/changes/added")).containsExactly(Json.tree("beta"));
        assertThat(updating.at("/changes/removed")).isEmpty();
        assertThat(updating.at("/changes/unchanged")).containsExactly(Json.tree("alpha"));
        assertThat(pid("alpha")).isEqualTo(alphaPid);
        assertThat(after(mark))
                .filteredOn(e -> e.name().equals("log") && e.data().contains("was deleted"))
                .hasSize(1);
    }

    @Test
    void anEmptyOrTruncatedFileKeepsTheServersAndSaysWhereTheFileEndsOverSse() throws Exception {
        long alphaPid = pid("alpha");
        int mark = live.mark();

        config.writeText("");
        live.awaitAfter(mark, e -> e.name().equals("log") && e.data().contains("the file is empty"));
        int truncated = live.mark();
        config.writeText("{\"mcpServers\": {\"alpha\": {\"command\": \"java\", \"args\": [\"-cp\",");
        JsonNode logged = live.awaitAfter(
                        truncated, e -> e.name().equals("log") && e.data().contains("CONFIG_RELOAD_ERROR"))
                .json();
        assertThat(logged.path("message").asString())
                .contains(config.path() + ":1:61: the file ends inside the \"args\" array opened at 1:54")
                .doesNotContain("Source", "marker");
        assertThat(logged.at("/data/line").asInt()).isEqualTo(1);
        assertThat(logged.at("/data/column").asInt()).isEqualTo(61);
        assertThat(pid("alpha")).isEqualTo(alphaPid);

        int valid = live.mark();
        config.write();
        live.awaitAfter(valid, subscription("config_changed"));
        assertThat(reloadEvents(valid))
                .extracting(e -> e.path("type").asString())
                .doesNotContain("servers_updating");
        assertThat(status("alpha").path("status").asString()).isEqualTo("connected");
        assertThat(pid("alpha")).isEqualTo(alphaPid);
    }

    /** Makes an edit, waits for its servers_updated and returns that event. */
    private JsonNode edit(Runnable change) {
        int mark = live.mark();
        change.run();
        return live.awaitAfter(mark, subscription("servers_updated")).json();
    }

    private List<SseReader.Event> after(int mark) {
        return live.after(mark);
    }

    private List<JsonNode> reloadEvents(int mark) {
        return after(mark).stream()
                .filter(e -> e.name().equals("subscription_event"))
                .map(SseReader.Event::json)
                .filter(json -> RELOAD_EVENTS.contains(json.path("type").asString()))
                .toList();
    }

    private ObjectNode servers() throws Exception {
        return HubServers.all(live.hub());
    }

    private JsonNode status(String name) throws Exception {
        return HubServers.status(live.hub(), name);
    }

    private long pid(String name) throws Exception {
        return HubServers.pid(live.hub(), name);
    }

    static ObjectNode fault(String name, String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("--name", name));
        args.addAll(List.of(flags));
        return ConfigFile.stdio(Fixtures.javaCommand(FaultServer.class, args.toArray(String[]::new)));
    }
}
