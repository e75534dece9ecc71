package dev.mcphub.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** URI templates (RFC 6570) as patterns that recognise the URIs a server's template can make. */
class OwnersTest {
    @Test
    void aSimpleVariableMatchesOneSegmentAndNothingBeyondIt() {
        var pattern = Owners.pattern("demo://resource/dynamic/text/{resourceId}");
        assertThat(pattern.matcher("demo://resource/dynamic/text/1").matches()).isTrue();
        assertThat(pattern.matcher("demo://resource/dynamic/text/1/more").matches())
                .isFalse();
        assertThat(pattern.matcher("demo://resource/dynamic/blob/1").matches()).isFalse();
    }

    @Test
    void reservedAndPathExpansionsSpanSegmentsAndQueriesAreOptional() {
        assertThat(Owners.pattern("file:///{+path}")
                        .matcher("file:///a/b/c.txt")
                        .matches())
                .isTrue();
        assertThat(Owners.pattern("repo://x{/owner,name}")
                        .matcher("repo://x/me/hub")
                        .matches())
                .isTrue();
        var search = Owners.pattern("search://items{?q,limit}");
        assertThat(search.matcher("search://items").matches()).isTrue();
        assertThat(search.matcher("search://items?q=a&limit=2").matches()).isTrue();
    }

    @Test
    void literalPartsAreTakenLiterallyNotAsRegularExpressions() {
        var pattern = Owners.pattern("a.b+c://{x}(y)");
        assertThat(pattern.matcher("a.b+c://1(y)").matches()).isTrue();
        assertThat(pattern.matcher("aXb+c://1(y)").matches()).isFalse();
    }
}
