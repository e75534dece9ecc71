package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CacheFileTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsAnEmptyCache() throws IOException {
        assertThat(new CacheFile(dir.resolve("cache/registry.json")).read()).isEmpty();
    }

    @Test
    void writtenContentReadsBackInTheReferenceShape() throws IOException {
        CacheFile file = new CacheFile(dir.resolve("cache/registry.json"));
        Instant fetched = Instant.ofEpochMilli(1_721_000_000_123L);
        CacheContent content = CacheContent.EMPTY
                .withRegistry(Json.parse(RegistryFixture.REGISTRY), fetched)
                .withReadme("github", new CacheContent.Readme("# Hello", fetched))
                .withReadme("eclair", new CacheContent.Readme(null, fetched));

        file.write(() -> content);

        JsonNode onDisk = Json.parse(Files.readAllBytes(file.path()));
        assertThat(onDisk.get("lastFetchedAt").longValue()).isEqualTo(1_721_000_000_123L);
        assertThat(onDisk.get("registry").get("servers").size()).isEqualTo(9);
        assertThat(onDisk.at("/serverDocumentation/github/content").asString()).isEqualTo("# Hello");
        assertThat(onDisk.at("/serverDocumentation/eclair/content").isNull()).isTrue();
        CacheContent read = file.read().orElseThrow();
        assertThat(read.fetchedAt()).isEqualTo(fetched);
        assertThat(read.servers()).hasSize(9);
        assertThat(read.readmes()).containsEntry("github", new CacheContent.Readme("# Hello", fetched));
    }

    @Test
    void writingLeavesNoTemporaryFilesBehind() throws IOException {
        CacheFile file = new CacheFile(dir.resolve("registry.json"));
        file.write(() -> CacheContent.EMPTY.withRegistry(Json.parse("{\"servers\":[]}"), Instant.now()));
        file.write(() -> CacheContent.EMPTY.withRegistry(Json.parse("{\"servers\":[{}]}"), Instant.now()));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file.path());
        }
        assertThat(file.read().orElseThrow().servers()).hasSize(1);
    }

    @Test
    void aCorruptOrWronglyShapedFileIsReportedNotReturned() throws IOException {
        CacheFile file = new CacheFile(dir.resolve("registry.json"));
        Files.writeString(file.path(), "{\"registry\": {\"servers\": [");
        assertThatThrownBy(file::read).isInstanceOf(IOException.class).hasMessageContaining("not a valid");
        Files.writeString(file.path(), "{\"registry\": {\"items\": []}, \"lastFetchedAt\": 1}");
        assertThatThrownBy(file::read).hasMessageContaining("missing 'servers' array");
    }

    @Test
    void aCacheFileWithoutRegistryKeepsItsReadmes() throws IOException {
        CacheFile file = new CacheFile(dir.resolve("registry.json"));
        Files.writeString(
                file.path(), "{\"serverDocumentation\": {\"x\": {\"content\": \"hi\", \"lastFetchedAt\": 5}}}");
        CacheContent read = file.read().orElseThrow();
        assertThat(read.hasRegistry()).isFalse();
        assertThat(read.readmes().get("x").content()).isEqualTo("hi");
    }
}
