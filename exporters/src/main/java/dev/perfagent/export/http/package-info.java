/**
 * The agent's HTTP server: {@link dev.perfagent.export.http.AgentHttpServer} serves {@link
 * dev.perfagent.export.http.HttpEndpoint}s by exact path on the JDK's built-in server, with
 * daemon threads named {@code perf-agent-http-*}.
 */
package dev.perfagent.export.http;
