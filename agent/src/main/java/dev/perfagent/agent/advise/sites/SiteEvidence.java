package dev.perfagent.agent.advise.sites;

import java.util.List;

/**
 * The agent's own sites over one window, for the {@link SiteAdvisor}: one {@link SiteWindow} per woven site.
 *
 * @param lengthNanos the window's length
 * @param sites the sites, in id order
 */
public record SiteEvidence(long lengthNanos, List<SiteWindow> sites) {
    /** Copies the list. */
    public SiteEvidence {
        sites = List.copyOf(sites);
    }
}
