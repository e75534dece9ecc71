/**
 * Test support shared by the integration tests: the real hub jar started as a process on a random loopback
 * port with its own state directories, plain HTTP and SSE clients, and process-table checks.
 */
package dev.mcphub.testing;
