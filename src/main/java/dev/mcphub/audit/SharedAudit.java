package dev.mcphub.audit;

/**
 * Where replicas of one hub also send their audit lines, so that the cluster's audit can be read in one place.
 * The trail's own file stays the record of this replica: an implementation may be slow or away, so it queues and
 * sends on its own time and never makes {@link AuditTrail#record} wait or fail. {@link #NONE}: one hub.
 */
public interface SharedAudit extends AutoCloseable {
    /** One line as written to the file (a JSON object, no newline). */
    void append(String line);

    @Override
    default void close() {}

    SharedAudit NONE = line -> {};
}
