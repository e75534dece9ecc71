package dev.mcphub.upstream.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OAuthStoreTest {
    @TempDir
    Path dir;

    @Test
    void entriesAreWrittenOwnerOnlyAndReadBackByAnotherStore() throws Exception {
        Path file = dir.resolve("data/mcp-hub/oauth-storage.json");
        OAuthStore store = new OAuthStore(file);
        store.put("https://a.example/mcp", Json.object().put("codeVerifier", "v"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        OAuthStore reread = new OAuthStore(file);
        reread.load();
        assertThat(reread.entry("https://a.example/mcp").get("codeVerifier").asString())
                .isEqualTo("v");
        assertThat(reread.entry("https://b.example/mcp").isEmpty()).isTrue();
    }

    @Test
    void anEmptyEntryRemovesTheServer() throws Exception {
        Path file = dir.resolve("oauth-storage.json");
        OAuthStore store = new OAuthStore(file);
        store.put("https://a.example/mcp", Json.object().put("x", 1));
        store.put("https://a.example/mcp", Json.object());

        assertThat(Json.parse(Files.readString(file)).isEmpty()).isTrue();
    }

    @Test
    void aFileOthersCouldReadIsNarrowedAndACorruptOneIgnored() throws Exception {
        Path file = Files.writeString(dir.resolve("oauth-storage.json"), "{not json");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        OAuthStore store = new OAuthStore(file);

        store.load();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(store.entry("https://a.example/mcp").isEmpty()).isTrue();
    }
}
