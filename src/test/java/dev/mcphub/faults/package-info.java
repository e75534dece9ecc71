/**
 * The fault suite: the whole hub, as a process, against faults real servers and clients produce (huge results,
 * vanishing clients, killed upstreams, shutdown under load, many idle sessions), with an upstream written on the
 * TypeScript SDK and independent of the hub's code.
 */
package dev.mcphub.faults;
