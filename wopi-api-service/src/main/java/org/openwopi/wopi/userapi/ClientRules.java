package org.openwopi.wopi.userapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.config.WopiConfig;

import io.smallrye.mutiny.Uni;

/**
 * Which WOPI clients may open a file for an action, in the operator's order ({@code wopi.launch.rules}): ODF in
 * Collabora, OOXML in Microsoft 365, or any split an organisation wants. The rules only name clients; whether a client
 * really offers the action for the extension is its discovery document's to say.
 */
@ApplicationScoped
public class ClientRules {

    private final List<WopiConfig.Launch.Rule> rules;
    private final String onlyClient;
    private final DiscoveryClient discovery;

    ClientRules(WopiConfig config, DiscoveryClient discovery) {
        this.rules = config.launch().rules().orElse(List.of());
        this.onlyClient = config.proof().client();
        this.discovery = discovery;
    }

    /** The clients whose rules match, first match first, each once; with no rules, {@code wopi.proof.client}'s. */
    public List<String> candidates(String ext, String action) {
        if (rules.isEmpty()) {
            return List.of(onlyClient);
        }
        String wantedExt = ext == null ? "" : ext.toLowerCase(Locale.ROOT);
        List<String> clients = new ArrayList<>();
        for (WopiConfig.Launch.Rule rule : rules) {
            if (matches(rule.extensions().orElse(List.of()), wantedExt) && matches(rule.actions().orElse(List.of()), action)
                    && !clients.contains(rule.client())) {
                clients.add(rule.client());
            }
        }
        return clients;
    }

    private static boolean matches(List<String> allowed, String value) {
        if (allowed.isEmpty()) {
            return true;
        }
        for (String candidate : allowed) {
            String clean = candidate.trim();
            clean = clean.startsWith(".") ? clean.substring(1) : clean;
            if (clean.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every candidate client that offers the action, or the action it falls back to, for the extension: what "Open
     * with…" lists, in rule order. A client whose discovery-service answer fails for another reason than "no such
     * action" is left out unless all fail, which then fails the whole (discovery-service down is a 503, not "none").
     */
    public Uni<List<DiscoveryClient.ActionInfo>> offers(String ext, String action) {
        List<String> clients = candidates(ext, action);
        if (clients.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Offer>> asks = clients.stream().map(client -> discovery.action(client, ext, action)
                .map(found -> new Offer(found, null))
                .onFailure().recoverWithItem(failure -> new Offer(null, notOffered(failure) ? null : failure))).toList();
        return Uni.join().all(asks).andFailFast().map(answers -> {
            List<DiscoveryClient.ActionInfo> offered = new ArrayList<>();
            Throwable failed = null;
            for (int i = 0; i < answers.size(); i++) {
                Offer answer = answers.get(i);
                if (answer.found() != null) {
                    DiscoveryClient.ActionInfo found = answer.found();
                    // The client's name as the rules give it, whatever discovery-service calls its default.
                    offered.add(new DiscoveryClient.ActionInfo(clients.get(i), found.app(), found.favIconUrl(),
                            found.name(), found.ext(), found.targetext(), found.fellBackFrom()));
                } else if (answer.failure() != null) {
                    failed = answer.failure();
                }
            }
            if (offered.isEmpty() && failed != null) {
                throw failed instanceof RuntimeException runtime ? runtime : new IllegalStateException(failed);
            }
            return offered;
        });
    }

    /** discovery-service's answer that the client has no such action (or no such client): not an outage. */
    static boolean notOffered(Throwable failure) {
        return failure instanceof DependencyException d && (d.status() == 404 || d.status() == 400);
    }

    private record Offer(DiscoveryClient.ActionInfo found, Throwable failure) {
    }
}
