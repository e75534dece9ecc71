package dev.mcphub.hub;

import java.util.Locale;

/** The hub's own lifecycle, as {@code hub_state} events report it. */
public enum HubState {
    STARTING,
    READY,
    RESTARTING,
    RESTARTED,
    STOPPING,
    STOPPED,
    ERROR;

    /** The wire value: the lower-case name. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
