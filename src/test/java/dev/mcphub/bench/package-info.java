/**
 * The benchmark of issue 5: a lean load generator and the orchestrator behind {@code bin/bench}.
 *
 * <p>It owns everything needed to measure a hub from the outside: starting each system under test (our hub, the
 * Node.js reference {@code mcp-hub} 4.2.1, and the upstream alone as the ceiling) as a child process on loopback
 * ports, driving it with closed-loop sessions over Streamable HTTP, the legacy SSE transport, the REST API or
 * stdio, reading CPU and memory from {@code /proc}, and printing the table and the JSON of figures. The generator
 * ({@link dev.mcphub.bench.LoadGenerator}) always runs in a process of its own so its cost is measured apart from
 * the hub's. It speaks raw HTTP/1.1 over blocking sockets and scans JSON by hand, so that it stays far cheaper
 * per call than the systems it measures. It must not know the hub's classes: it talks to every system only
 * through the wire, and lives in the test sources so that none of it ships in the product jar.
 */
package dev.mcphub.bench;
