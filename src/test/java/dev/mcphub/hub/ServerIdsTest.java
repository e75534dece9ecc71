package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphub.testing.TextArbitraries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Exposed-name mapping: the id a server's names are prefixed with, for any set of configured names. */
class ServerIdsTest {
    @Property
    void everyServerGetsAnIdNoOtherServerHas(@ForAll("names") List<String> names) {
        Map<String, String> ids = ServerIds.assign(names);
        assertThat(ids).containsOnlyKeys(names);
        assertThat(new HashSet<>(ids.values())).hasSameSizeAs(ids.values());
    }

    @Property
    void idsAreReversibleEachLeadsBackToItsOneServer(@ForAll("names") List<String> names) {
        Map<String, String> ids = ServerIds.assign(names);
        Map<String, String> servers =
                ids.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        ids.forEach((name, id) -> assertThat(servers.get(id)).isEqualTo(name));
    }

    @Property
    void idsUseOnlyLettersDigitsAndUnderscoresSoTheyAreValidToolNamePrefixes(@ForAll("names") List<String> names) {
        ServerIds.assign(names).values().forEach(id -> assertThat(id).matches("[A-Za-z0-9_]*"));
    }

    @Property
    void aCleanNameIsItsOwnId(@ForAll("cleanNames") List<String> names) {
        ServerIds.assign(names).forEach((name, id) -> assertThat(id).isEqualTo(name));
    }

    @Property
    void addingServersLaterInTheConfigNeverChangesTheIdsOfTheOthers(
            @ForAll("names") List<String> names, @ForAll("names") List<String> more) {
        List<String> all = new ArrayList<>(names);
        more.stream().filter(name -> !names.contains(name)).forEach(all::add);
        Map<String, String> before = ServerIds.assign(names);
        Map<String, String> after = ServerIds.assign(all);
        before.forEach((name, id) -> assertThat(after.get(name)).isEqualTo(id));
    }

    @Property
    void theSameConfigGivesTheSameIds(@ForAll("names") List<String> names) {
        assertThat(ServerIds.assign(List.copyOf(names))).isEqualTo(ServerIds.assign(names));
    }

    /** Server names as users write them: unique, often with dots, dashes, spaces or non-ASCII letters. */
    @Provide
    Arbitrary<List<String>> names() {
        Arbitrary<String> likely =
                Arbitraries.strings().withChars("ab-._ 1").ofMinLength(1).ofMaxLength(5);
        return Arbitraries.oneOf(likely, TextArbitraries.oneLine(8).filter(name -> !name.isEmpty()))
                .list()
                .uniqueElements()
                .ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<String>> cleanNames() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .ofMinLength(1)
                .ofMaxLength(8)
                .list()
                .uniqueElements()
                .ofMaxSize(8);
    }
}
