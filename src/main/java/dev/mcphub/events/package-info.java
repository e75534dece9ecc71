/**
 * The live event stream {@code /api/events}: subscribers with bounded queues, the heartbeat, event ids and
 * the replay buffer for {@code Last-Event-ID}, and the one mapping from hub events to the reference's SSE
 * event names and JSON payloads. It knows how to tell clients about events, not how they are produced.
 */
package dev.mcphub.events;
