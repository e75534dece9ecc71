package dev.mcphub.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallbackPageTest {

    @Test
    void errorTextIsEscaped() {
        String html = CallbackPage.failure("bad <script>alert('x')</script> & \"more\"")
                .html();

        assertThat(html)
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;");
    }

    @Test
    void theServerNameIsEscapedOnSuccessToo() {
        assertThat(CallbackPage.success("<x>").html()).contains("<b>&lt;x&gt;</b>");
    }
}
