package dev.mcphub.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies of string maps that keep order and null values, which {@link Map#copyOf} rejects. */
final class ConfigMaps {
    private ConfigMaps() {}

    static Map<String, String> copyAllowingNulls(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
