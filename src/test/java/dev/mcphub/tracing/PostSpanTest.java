package dev.mcphub.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The late decision of an MCP POST's server span, against the real SDK (spans ended are exported at once). */
@Timeout(10)
class PostSpanTest {
    private final List<SpanData> ended = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    ended.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            }))
            .build();
    private final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    private PostSpan post() {
        return new PostSpan(tracer, Context.root(), "POST", "/mcp", "/mcp", "test-agent");
    }

    @Test
    void aClaimedSpanEndsOnlyWhenBothTheAnswerIsComputedAndTheResponseIsOut() {
        for (boolean httpFirst : new boolean[] {true, false}) {
            ended.clear();
            PostSpan post = post();
            assertThat(post.claim()).isTrue();
            assertThat(post.claim())
                    .as("one request per POST is the server span")
                    .isFalse();
            Span mcp = tracer.spanBuilder("tools/call echo")
                    .setSpanKind(SpanKind.SERVER)
                    .startSpan();
            post.merged(mcp);
            if (httpFirst) {
                post.httpEnded(200, null);
                assertThat(ended).isEmpty();
                post.dispatched();
            } else {
                post.dispatched();
                assertThat(ended).isEmpty();
                post.httpEnded(200, null);
            }
            assertThat(ended).singleElement().satisfies(span -> {
                assertThat(span.getName()).isEqualTo("tools/call echo");
                assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                        .isEqualTo(200L);
                assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route")))
                        .isEqualTo("/mcp");
            });
        }
    }

    @Test
    void aPostWithNoClaimGetsAnHttpSpanThatStartedWhenThePostArrived() {
        PostSpan post = post();
        post.httpEnded(202, null);
        post.httpEnded(202, null); // A second end (a callback failed after a throw) changes nothing.
        assertThat(ended).singleElement().satisfies(span -> {
            assertThat(span.getName()).isEqualTo("POST /mcp");
            assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(span.getStartEpochNanos()).isEqualTo(post.startNanos());
            assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                    .isEqualTo(202L);
        });
        assertThat(post.claim()).as("too late to be the server span").isFalse();
    }

    @Test
    void aBatchsRequestsRunUnderOneHttpSpanAndNoneOfThemClaimsIt() {
        PostSpan post = post();
        Context first = post.forChildren();
        Context second = post.forChildren();
        assertThat(Span.fromContext(first).getSpanContext())
                .isEqualTo(Span.fromContext(second).getSpanContext());
        assertThat(post.claim()).isFalse();
        post.httpEnded(200, null);
        assertThat(ended)
                .singleElement()
                .satisfies(span -> assertThat(span.getName()).isEqualTo("POST /mcp"));
    }
}
