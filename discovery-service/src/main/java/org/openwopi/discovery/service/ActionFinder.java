package org.openwopi.discovery.service;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.openwopi.discovery.model.NetZone;
import org.openwopi.discovery.model.WopiAction;
import org.openwopi.discovery.model.WopiApp;

/**
 * Finds the action for a file extension in a net zone, falling back to the nearest action a client offers when it
 * lacks the one asked for (a viewer without {@code embedview} still has {@code view}).
 */
public final class ActionFinder {

    /** Asked-for action, lower case → what to try next, in order. */
    static final Map<String, List<String>> FALLBACKS = Map.of(
            "embedview", List.of("view"),
            "mobileview", List.of("view"),
            "interactivepreview", List.of("view"),
            "imagepreview", List.of("embedview", "view"),
            "embededit", List.of("edit"),
            "mobileedit", List.of("edit"),
            "editnew", List.of("edit"));

    private ActionFinder() {
    }

    /** An action found, with its app, and the action that was asked for when a fallback answered. */
    public record Found(WopiApp app, WopiAction action, Optional<String> fellBackFrom) {
    }

    /**
     * @param actionName the action wanted; blank means the extension's default action, else view
     */
    public static Optional<Found> find(NetZone zone, String ext, String actionName) {
        String wantedExt = ext.toLowerCase(Locale.ROOT);
        if (actionName == null || actionName.isBlank()) {
            return zone.apps().stream()
                    .flatMap(app -> app.actions().stream().filter(a -> a.isDefault() && a.ext().equals(wantedExt))
                            .map(a -> new Found(app, a, Optional.empty())))
                    .findFirst()
                    .or(() -> find(zone, wantedExt, "view"));
        }
        String wanted = actionName.toLowerCase(Locale.ROOT);
        Optional<Found> exact = lookup(zone, wantedExt, wanted).map(f -> new Found(f.app(), f.action(), Optional.empty()));
        if (exact.isPresent()) {
            return exact;
        }
        for (String next : FALLBACKS.getOrDefault(wanted, List.of())) {
            Optional<Found> fallback = lookup(zone, wantedExt, next);
            if (fallback.isPresent()) {
                return Optional.of(new Found(fallback.get().app(), fallback.get().action(), Optional.of(actionName)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Found> lookup(NetZone zone, String ext, String action) {
        for (WopiApp app : zone.apps()) {
            for (WopiAction candidate : app.actions()) {
                if (candidate.ext().equals(ext) && candidate.name().equalsIgnoreCase(action)) {
                    return Optional.of(new Found(app, candidate, Optional.empty()));
                }
            }
        }
        return Optional.empty();
    }
}
