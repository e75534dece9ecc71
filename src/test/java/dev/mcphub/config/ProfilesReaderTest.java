package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfilesReaderTest {
    private static final Set<String> SERVERS = Set.of("github", "memory", "files");

    @Test
    void anArrayOfServerNamesIncludesEachServerWhole() {
        Map<String, ProfileConfig> profiles = read("{\"p\": {\"servers\": [\"github\", \"memory\"]}}");
        ProfileConfig p = profiles.get("p");
        assertThat(p.servers()).containsOnlyKeys("github", "memory");
        assertThat(p.servers().get("github")).isEqualTo(ProfileConfig.ServerFilter.ALL);
        assertThat(p.discovery()).isEqualTo(ProfileConfig.Discovery.LIST);
    }

    @Test
    void filtersRenamesAndDescriptionsAreReadPerServer() {
        ProfileConfig p = read("""
                {"p": {"discovery": "search", "pinned": ["read"], "servers": {"files": {
                  "tools": {"allow": ["read_*"], "deny": ["read_media_file"]},
                  "rename": {"read_text_file": "read"}, "descriptions": {"read_text_file": "Reads"},
                  "prompts": false}}}}""").get("p");
        ProfileConfig.ServerFilter files = p.servers().get("files");
        assertThat(files.includesTool("read_text_file")).isTrue();
        assertThat(files.includesTool("read_media_file")).isFalse();
        assertThat(files.includesTool("write_file")).isFalse();
        assertThat(files.renames()).containsEntry("read_text_file", "read");
        assertThat(files.prompts()).isFalse();
        assertThat(files.resources()).isTrue();
        assertThat(p.discovery()).isEqualTo(ProfileConfig.Discovery.SEARCH);
        assertThat(p.pinned()).containsExactly("read");
    }

    @Test
    void aServerThatIsNotConfiguredIsNamedInTheError() {
        assertThatThrownBy(() -> read("{\"p\": {\"servers\": [\"gihub\"]}}"))
                .isInstanceOf(HubException.class)
                .hasMessage("Profile 'p' includes server 'gihub', which is not in mcpServers (in servers.json)")
                .satisfies(e -> assertThat(((HubException) e).data())
                        .containsEntry("profile", "p")
                        .containsEntry("field", "servers.gihub")
                        .containsEntry("file", "servers.json"));
    }

    @Test
    void aRenameThatNoClientWouldAcceptIsRefused() {
        assertThatThrownBy(() -> read("{\"p\": {\"servers\": {\"files\": {\"rename\": {\"a\": \"read file\"}}}}}"))
                .hasMessageContaining("the new name 'read file' must be 1-64 letters, digits, '_' or '-'");
    }

    @Test
    void twoToolsRenamedToTheSameNameAreRefused() {
        assertThatThrownBy(
                        () -> read(
                                "{\"p\": {\"servers\": {\"files\": {\"rename\": {\"a\": \"x\"}}, \"memory\": {\"rename\": {\"b\": \"x\"}}}}}"))
                .hasMessageContaining("the name 'x' is given twice");
    }

    @Test
    void anUnknownDiscoveryModeIsNamed() {
        assertThatThrownBy(() -> read("{\"p\": {\"servers\": [\"files\"], \"discovery\": \"lazy\"}}"))
                .hasMessageContaining("'discovery' must be \"list\" or \"search\", not \"lazy\"");
    }

    @Test
    void aProfileNameMustFitInAPath() {
        assertThatThrownBy(() -> read("{\"a/b\": {\"servers\": [\"files\"]}}"))
                .hasMessageContaining("Profile 'a/b': the name must be");
    }

    private static Map<String, ProfileConfig> read(String json) {
        return ProfilesReader.read(Json.parse(json), SERVERS, "servers.json");
    }
}
