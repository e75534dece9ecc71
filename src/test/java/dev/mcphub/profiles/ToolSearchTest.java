package dev.mcphub.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ToolSearchTest {
    private static final List<JsonNode> TOOLS = List.of(
            tool("files__read_text_file", "Read the complete contents of a file as text."),
            tool("files__create_directory", "Create a new directory."),
            tool("web__news_search", "Search news articles."),
            tool("github__create_issue", "Create a new issue in a GitHub repository"),
            Json.parse("{\"name\":\"pdf__poll_commands\",\"description\":\"Poll viewer commands for a new file\","
                    + "\"_meta\":{\"ui\":{\"visibility\":[\"app\"]}}}"));

    private final ToolSearch search = ToolSearch.of(TOOLS);

    @Test
    void wordsOfAToolNameAreFoundWhateverTheirSeparators() {
        assertThat(names("read text file")).first().isEqualTo("files__read_text_file");
        assertThat(names("readTextFile")).first().isEqualTo("files__read_text_file");
    }

    @Test
    void peoplesWordsReachToolAuthorsWordsThroughSynonyms() {
        assertThat(names("make a folder")).first().isEqualTo("files__create_directory");
    }

    @Test
    void stemmingKeepsNewsApartFromNew() {
        assertThat(names("create a new issue")).first().isEqualTo("github__create_issue");
        assertThat(names("latest news")).first().isEqualTo("web__news_search");
    }

    @Test
    void toolsOnlyAnAppMayCallAreNotFound() {
        assertThat(names("poll viewer commands")).doesNotContain("pdf__poll_commands");
    }

    @Test
    void aQueryOfStopWordsOnlyFindsNothing() {
        assertThat(search.find("the of a", 5)).isEmpty();
        assertThat(search.find("", 5)).isEmpty();
    }

    @Test
    void theLimitIsKept() {
        assertThat(search.find("create file directory issue news", 2)).hasSize(2);
    }

    private List<String> names(String query) {
        return search.find(query, 3).stream()
                .map(hit -> hit.tool().path("name").asString())
                .toList();
    }

    private static JsonNode tool(String name, String description) {
        return Json.object().put("name", name).put("description", description);
    }
}
