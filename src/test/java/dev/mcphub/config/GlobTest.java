package dev.mcphub.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
    @ParameterizedTest
    @CsvSource({
        "read_*, read_file, true",
        "read_*, read_, true",
        "read_*, write_file, false",
        "*_file, read_text_file, true",
        "*, anything.at+all, true",
        "read?file, read_file, true",
        "read?file, read__file, false",
        "a*b*c, a__b__c, true",
        "a*b*c, a__c__b, false",
        "exact, exact, true",
        "exact, exactly, false",
    })
    void starMatchesAnyRunAndQuestionMarkOneCharacter(String pattern, String name, boolean matches) {
        assertThat(Glob.matches(pattern, name)).isEqualTo(matches);
    }

    @Test
    void regexMetacharactersInNamesAndPatternsAreLiteral() {
        assertThat(Glob.matches("get.file+[1]", "get.file+[1]")).isTrue();
        assertThat(Glob.matches("get.file", "getxfile")).isFalse();
    }
}
