/**
 * What a hub shares with the other hubs on the machine, under the state directory: the registry of running
 * hubs in {@code workspaces.json} (its entry format, the lock that serialises writers across processes, the
 * cleanup of entries left by dead processes, change notifications) and the appended, size-rolled log file.
 * It knows the state directory from {@code config} and nothing of servers, HTTP or events: the hub decides
 * when to register, update and deregister, and what to send when the registry changes.
 */
package dev.mcphub.workspace;
