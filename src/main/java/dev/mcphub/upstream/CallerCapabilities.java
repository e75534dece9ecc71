package dev.mcphub.upstream;

import tools.jackson.databind.node.ObjectNode;

/**
 * The client capabilities a 2026-07-28 request declares when the hub makes it for a client: the hub's own,
 * less the client-side features (sampling, elicitation and its modes, roots) that this client cannot answer. A
 * server of that era chooses the input requests of a Multi Round-Trip result by them, so declaring what the
 * caller lacks would earn a request the hub could only refuse.
 */
final class CallerCapabilities {
    private CallerCapabilities() {}

    static ObjectNode narrowed(ObjectNode hub, String server, CallOrigin origin) {
        ObjectNode declared = hub.deepCopy();
        for (String capability : new String[] {"sampling", "roots"}) {
            if (declared.has(capability) && !origin.accepts(server, capability, null)) {
                declared.remove(capability);
            }
        }
        if (declared.get("elicitation") instanceof ObjectNode elicitation) {
            boolean form = origin.accepts(server, "elicitation", "form");
            boolean url = origin.accepts(server, "elicitation", "url");
            if (!form && !url) {
                declared.remove("elicitation");
            } else {
                if (!form) {
                    elicitation.remove("form");
                }
                if (!url) {
                    elicitation.remove("url");
                }
            }
        }
        return declared;
    }
}
