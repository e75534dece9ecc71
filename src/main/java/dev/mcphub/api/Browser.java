package dev.mcphub.api;

/** Opens a link in the user's web browser, when the machine has one. Never fails and never blocks long. */
@FunctionalInterface
public interface Browser {
    Browser NONE = url -> {};

    void open(String url);
}
