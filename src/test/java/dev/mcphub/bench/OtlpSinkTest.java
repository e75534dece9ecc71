package dev.mcphub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OtlpSinkTest {
    @Test
    void theSinkCountsTheSpansOfAnExportEncodedByTheOfficialProtoClasses() {
        ExportTraceServiceRequest export = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resource("mcp-hub", 3, 2))
                .addResourceSpans(resource("other", 1, 0))
                .addResourceSpans(resource("third", 4))
                .build();

        assertThat(OtlpSink.countSpans(export.toByteArray())).isEqualTo(10);
    }

    @Test
    void anExportThatIsNotProtobufIsRefusedRatherThanMiscounted() {
        byte[] text = "{\"resourceSpans\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> OtlpSink.countSpans(text)).isInstanceOf(RuntimeException.class);
    }

    private static ResourceSpans resource(String service, int... spansPerScope) {
        ResourceSpans.Builder resource = ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder()
                        .addAttributes(KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(service))));
        for (int n : spansPerScope) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("dev.mcphub"));
            for (int i = 0; i < n; i++) {
                byte[] id = new byte[8];
                Arrays.fill(id, (byte) (i + 1));
                scope.addSpans(Span.newBuilder()
                        .setName("tools/call echo")
                        .setSpanId(ByteString.copyFrom(id))
                        .setTraceId(ByteString.copyFrom(new byte[16]))
                        .setStartTimeUnixNano(1_700_000_000_000_000_000L + i)
                        .setEndTimeUnixNano(1_700_000_000_000_100_000L + i)
                        .addAttributes(KeyValue.newBuilder()
                                .setKey("mcphub.request.size")
                                .setValue(AnyValue.newBuilder().setIntValue(300 + i))));
            }
            resource.addScopeSpans(scope);
        }
        return resource.build();
    }
}
