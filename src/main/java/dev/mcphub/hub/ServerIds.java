package dev.mcphub.hub;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The id of each server in namespaced names: the name with every character other than ASCII letters and
 * digits turned into {@code _}; when two names give the same id, later ones (in config order) get {@code
 * _1}, {@code _2}, ... Ids are given over all configured servers, so a server keeps its id while others come
 * and go.
 */
final class ServerIds {
    private ServerIds() {}

    static Map<String, String> assign(List<String> serverNames) {
        Map<String, String> ids = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String name : serverNames) {
            String base = sanitize(name);
            String id = base;
            for (int n = 1; !taken.add(id); n++) {
                id = base + "_" + n;
            }
            ids.put(name, id);
        }
        return ids;
    }

    static String sanitize(String name) {
        StringBuilder id = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            id.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return id.toString();
    }
}
