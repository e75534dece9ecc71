package dev.mcphub.marketplace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphub.error.ErrorCode;
import dev.mcphub.error.HubException;
import dev.mcphub.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CatalogQueryTest {
    private static final List<JsonNode> SERVERS =
            Json.elements(Json.parse(RegistryFixture.REGISTRY).get("servers"));

    private static List<String> ids(String search, String category, List<String> tags, String sort) {
        return Json.elements(CatalogQuery.of(search, category, tags, sort).apply(SERVERS)).stream()
                .map(server -> Json.string(server, "id"))
                .toList();
    }

    @Test
    void noFiltersListEveryServerNewestFirst() {
        assertThat(ids(null, null, null, null))
                .containsExactly(
                        "brave-search",
                        "postgres",
                        "gitlab",
                        "zeta",
                        "github",
                        "filesystem",
                        "eclair",
                        "sqlite",
                        "memory");
    }

    @Test
    void newestIsTheDefaultAndAnExplicitChoice() {
        assertThat(ids("", "", List.of(), "newest")).isEqualTo(ids(null, null, null, ""));
    }

    @Test
    void searchMatchesNameDescriptionOrAnyTagIgnoringCase() {
        // GitHub and GitLab by name and tag, zeta by "legit" in its description.
        assertThat(ids("GIT", null, null, "name")).containsExactly("github", "gitlab", "zeta");
    }

    @Test
    void searchMatchesPartOfATag() {
        assertThat(ids("datab", null, null, "name")).containsExactly("postgres", "sqlite");
    }

    @Test
    void categoryMustMatchExactly() {
        assertThat(ids(null, "database", null, "name")).containsExactly("postgres", "sqlite");
        assertThat(ids(null, "Database", null, "name")).isEmpty();
        assertThat(ids(null, "data", null, "name")).isEmpty();
    }

    @Test
    void everyRequestedTagMustBePresent() {
        assertThat(ids(null, null, List.of("sql"), "name")).containsExactly("postgres", "sqlite");
        assertThat(ids(null, null, List.of("sql", "local"), "name")).containsExactly("sqlite");
        assertThat(ids(null, null, List.of("sql", "web"), "name")).isEmpty();
    }

    @Test
    void tagsMatchExactlyNotAsSubstrings() {
        assertThat(ids(null, null, List.of("dat"), null)).isEmpty();
    }

    @Test
    void filtersCombine() {
        assertThat(ids("git", "development", List.of("ci"), null)).containsExactly("gitlab");
    }

    @Test
    void starsSortsMostStarredFirstWithMissingStarsLast() {
        assertThat(ids(null, null, null, "stars"))
                .containsExactly(
                        "filesystem",
                        "github",
                        "memory",
                        "postgres",
                        "brave-search",
                        "gitlab",
                        "sqlite",
                        "zeta",
                        "eclair");
    }

    @Test
    void nameSortsLikeLocaleCompareNotByCodePoint() {
        // Case and accents do not split the alphabet: "Éclair" sits with the E's, "filesystem" before "GitHub".
        assertThat(ids(null, null, null, "name"))
                .containsExactly(
                        "brave-search",
                        "eclair",
                        "filesystem",
                        "github",
                        "gitlab",
                        "memory",
                        "postgres",
                        "sqlite",
                        "zeta");
    }

    @Test
    void unknownSortIsAValidationErrorNamingTheField() {
        assertThatThrownBy(() -> ids(null, null, null, "popular")).isInstanceOfSatisfying(HubException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            assertThat(e.getMessage()).contains("sort", "popular", "newest, stars, name");
            assertThat(e.data()).containsEntry("field", "sort");
        });
    }

    @Test
    void entriesWithMissingFieldsAreFilteredWithoutFailing() {
        List<JsonNode> sparse = List.of(Json.parse("{\"id\":\"bare\"}"), Json.parse("{\"id\":\"x\",\"name\":\"Git\"}"));
        assertThat(Json.elements(CatalogQuery.of("git", null, List.of(), "name").apply(sparse)))
                .extracting(server -> Json.string(server, "id"))
                .containsExactly("x");
        assertThat(CatalogQuery.of(null, null, List.of("a"), "stars").apply(sparse))
                .isEmpty();
        assertThat(CatalogQuery.of(null, null, null, "name").apply(sparse)).hasSize(2);
    }

    @Test
    void theInputListIsLeftAsItWas() {
        List<JsonNode> before = List.copyOf(SERVERS);
        CatalogQuery.of(null, null, null, "stars").apply(SERVERS);
        assertThat(SERVERS).containsExactlyElementsOf(before);
    }
}
