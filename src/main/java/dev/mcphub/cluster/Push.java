package dev.mcphub.cluster;

/**
 * A message for a session that travels between replicas: to the client's standing stream, an answer of the client
 * to a request some replica is waiting for, or the end of the session.
 *
 * @param from the replica that published it (it ignores its own)
 * @param message the JSON-RPC message's text, empty for {@link Kind#END}, the new version for {@link Kind#CHANGED}
 */
public record Push(Kind kind, String session, String from, String message) {
    public enum Kind {
        /** For the client: whichever replica holds its open GET stream sends it. */
        TO_CLIENT,
        /** From the client: the answer to a server's request, for the replica that waits for it. */
        ANSWER,
        /** The client ended the session (DELETE): every replica forgets its copy. */
        END,
        /**
         * A replica saved a new version of the session's record: a copy older than it catches up. Copies trust
         * these instead of reading the record on every request.
         */
        CHANGED
    }
}
