package dev.mcphub.profiles;

import dev.mcphub.config.ProfileConfig;
import dev.mcphub.hub.Catalog;
import dev.mcphub.hub.Hub;
import dev.mcphub.hub.HubSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The profiles of the config in force and their views of the current catalogue. A view is computed on first
 * use and kept until the catalogue or the profiles change (both are immutable values swapped by their
 * owners, so comparing references is enough to know).
 */
public final class Profiles {
    private final Hub hub;
    private volatile Views views = new Views(Catalog.EMPTY, Map.of());

    public Profiles(Hub hub) {
        this.hub = hub;
    }

    /** The profiles as configured, in the order written. */
    public List<ProfileConfig> all() {
        return List.copyOf(configs().values());
    }

    public boolean exists(String name) {
        return configs().containsKey(name);
    }

    /** What profile {@code name} shows of {@code snapshot}'s catalogue, or empty for no such profile. */
    public Optional<ProfileView> view(String name, HubSnapshot snapshot) {
        Map<String, ProfileConfig> configs = configs();
        ProfileConfig config = configs.get(name);
        if (config == null) {
            return Optional.empty();
        }
        Views current = views;
        if (current.catalog != snapshot.catalog() || current.configs != configs) {
            current = new Views(snapshot.catalog(), configs);
            views = current;
        }
        return Optional.of(current.computed.computeIfAbsent(name, n -> ProfileView.of(config, snapshot)));
    }

    public Optional<ProfileView> view(String name) {
        return view(name, hub.snapshot());
    }

    private Map<String, ProfileConfig> configs() {
        var config = hub.config();
        return config == null ? Map.of() : config.profiles();
    }

    private static final class Views {
        final Catalog catalog;
        final Map<String, ProfileConfig> configs;
        final Map<String, ProfileView> computed = new ConcurrentHashMap<>();

        Views(Catalog catalog, Map<String, ProfileConfig> configs) {
            this.catalog = catalog;
            this.configs = configs;
        }
    }
}
