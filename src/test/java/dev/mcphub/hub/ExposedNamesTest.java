package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.upstream.ListKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Exposed tool and prompt names: valid for every client, unique, stable, and mapped back to their server. */
class ExposedNamesTest {

    @Property(tries = 300)
    void everyNameSetGivesValidUniqueNamesThatMapBack(@ForAll("servers") @Size(min = 1, max = 6) List<Server> servers) {
        Map<String, Catalog.Route> routes = assign(servers);
        int distinct = (int) servers.stream()
                .flatMap(s -> s.tools().stream().distinct().map(t -> s.name() + "\0" + t))
                .distinct()
                .count();
        assertThat(routes).hasSize(distinct);
        routes.forEach((exposed, route) -> {
            assertThat(ExposedNames.isValid(exposed)).as(exposed).isTrue();
            Server server = servers.stream()
                    .filter(s -> s.name().equals(route.server()))
                    .findFirst()
                    .orElseThrow();
            assertThat(server.tools()).contains(route.name());
        });
    }

    @Property(tries = 200)
    void theSameNamesGiveTheSameExposedNamesOnEveryHub(
            @ForAll("servers") @Size(min = 1, max = 6) List<Server> servers) {
        assertThat(assign(servers)).isEqualTo(assign(servers));
    }

    @Property(tries = 300)
    void aNameThatIsValidAsTheReferenceMakesItIsKeptAsItIs(
            @ForAll("plainIds") String id, @ForAll("plainNames") String name) {
        assertThat(ExposedNames.of(id, name)).isEqualTo(id + "__" + name);
    }

    @Example
    void namesWithDotsSpacesOrOtherScriptsBecomeReadableNamesWithAShortHash() {
        String exposed = ExposedNames.of("github", "repos.list files");
        assertThat(exposed).matches("github__repos_list_files_[0-9a-f]{8}");
        assertThat(ExposedNames.of("wiki", "搜索")).matches("wiki_____[0-9a-f]{8}");
    }

    @Example
    void aLongNameIsCutToSixtyFourCharacters() {
        String exposed = ExposedNames.of("a_rather_long_server_name", "an_even_longer_tool_name_that_goes_on_and_on");
        assertThat(exposed).hasSize(64).startsWith("a_rather_long_server_name__an_even_longer_tool_name");
    }

    @Example
    void serverIdsThatHoldTheSeparatorNeverShareAName() {
        // Server "a" with tool "b__c" and server "a__b" with tool "c": the reference gives both "a__b__c".
        Map<String, Catalog.Route> routes =
                assign(List.of(new Server("a", List.of("b__c")), new Server("a__b", List.of("c"))));
        assertThat(routes).hasSize(2).containsEntry("a__b__c", new Catalog.Route("a", "b__c"));
        assertThat(routes.keySet()).anyMatch(name -> name.matches("a__b__c_[0-9a-f]{8}"));
    }

    record Server(String name, List<String> tools) {}

    /** What the catalogue does for tools: ids for all servers, then each server's names in order. */
    private static Map<String, Catalog.Route> assign(List<Server> servers) {
        Map<String, String> ids =
                ServerIds.assign(servers.stream().map(Server::name).toList());
        Map<String, Catalog.Route> routes = new LinkedHashMap<>();
        for (Server server : servers) {
            for (String tool : server.tools()) {
                Catalog.exposed(ListKind.TOOLS, ids.get(server.name()), tool, server.name(), routes);
            }
        }
        return routes;
    }

    @Provide
    Arbitrary<List<Server>> servers() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(80),
                Arbitraries.strings().withChars("ab_.-").ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("a", "a__b", "b__c", "c", "x.y", "x_y", "工具", "tool name"));
        Arbitrary<Server> server = net.jqwik.api.Combinators.combine(
                        names, names.list().ofMaxSize(12))
                .as(Server::new);
        return server.list().ofMinSize(1).ofMaxSize(6).uniqueElements(Server::name);
    }

    @Provide
    Arbitrary<String> plainIds() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
    }

    @Provide
    Arbitrary<String> plainNames() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('_', '-')
                .ofMinLength(1)
                .ofMaxLength(30);
    }
}
