package dev.perfagent.agent.advise.sites;

import java.util.Optional;

/**
 * Finds a class the host has loaded, by binary name, without loading anything: the seam through which a
 * detector reflects on the host's classes. The agent implements it over
 * {@code Instrumentation.getAllLoadedClasses()} (or the woven class's own loader); tests pass their classes.
 */
@FunctionalInterface
public interface LoadedClasses {
    /** Nothing is loaded: detectors that need classes say nothing. */
    LoadedClasses NONE = name -> Optional.empty();

    /**
     * @param binaryName the class's binary name, {@code pkg.Outer$Inner}
     * @return the class, if loaded
     */
    Optional<Class<?>> find(String binaryName);
}
