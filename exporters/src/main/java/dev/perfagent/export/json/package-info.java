/** A minimal JSON writer, since no JSON library travels with the agent. */
package dev.perfagent.export.json;
