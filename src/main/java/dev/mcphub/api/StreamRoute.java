package dev.mcphub.api;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A POST route that answers with an event stream rather than one JSON body (a tool call with its progress). Until
 * it opens the stream it may throw HubException, answered as every REST error is.
 */
record StreamRoute(String path, String description, Handler handler) {

    @FunctionalInterface
    interface Handler {
        void handle(ApiRequest body, Request request, Response response, Callback callback) throws Exception;
    }
}
