/**
 * The command line: flags (a drop-in for the reference's), wiring the parts together in start order, the
 * HTTP server that lets the auth package's door decide every request and then dispatches to the REST API, the
 * event stream, the MCP endpoint and the dashboard, signals, shutdown and
 * exit codes. Everything else is wired from here; nothing depends on this package.
 */
package dev.mcphub.cli;
