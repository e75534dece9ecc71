package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ServerIdsExamplesTest {

    @Test
    void everyCharacterOtherThanAsciiLettersAndDigitsBecomesAnUnderscore() {
        assertThat(ServerIds.sanitize("my-server.v2 é")).isEqualTo("my_server_v2__");
    }

    @Test
    void namesThatGiveTheSameIdGetNumberedInConfigOrder() {
        assertThat(ServerIds.assign(List.of("a-b", "a.b", "a_b", "c")))
                .containsExactly(
                        java.util.Map.entry("a-b", "a_b"),
                        java.util.Map.entry("a.b", "a_b_1"),
                        java.util.Map.entry("a_b", "a_b_2"),
                        java.util.Map.entry("c", "c"));
    }

    @Test
    void aNumberedIdThatIsAlsoARealNameIsNotGivenTwice() {
        assertThat(ServerIds.assign(List.of("x_1", "x-", "x_", "x.")).values())
                .doesNotHaveDuplicates()
                .containsExactly("x_1", "x_", "x__1", "x__2");
    }
}
