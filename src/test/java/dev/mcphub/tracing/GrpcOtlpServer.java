package dev.mcphub.tracing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The OTLP gRPC trace service ({@code /opentelemetry.proto.collector.trace.v1.TraceService/Export}) on HTTP/2
 * cleartext: a unary call is one length-prefixed message each way and a {@code grpc-status} trailer, which is
 * all an exporter needs; no gRPC library.
 */
final class GrpcOtlpServer implements AutoCloseable {
    static final String EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    interface Sink {
        void accept(ExportTraceServiceRequest request);
    }

    private final Server server = new Server();
    private final ServerConnector connector;

    GrpcOtlpServer(Sink sink) throws Exception {
        connector = new ServerConnector(server, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!EXPORT.equals(Request.getPathInContext(request))) {
                    return false;
                }
                ByteBuffer body = Content.Source.asByteBuffer(request);
                byte[] bytes = new byte[body.remaining()];
                body.get(bytes);
                // One message: a compression flag byte (0), a 4-byte length, the protobuf.
                sink.accept(ExportTraceServiceRequest.parseFrom(Arrays.copyOfRange(bytes, 5, bytes.length)));
                response.getHeaders().put("content-type", "application/grpc");
                response.setTrailersSupplier(() -> HttpFields.build().put("grpc-status", "0"));
                response.write(true, ByteBuffer.wrap(new byte[5]), callback); // An empty ExportTraceServiceResponse.
                return true;
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
