package org.openwopi.wopi.userapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.protocol.WopiUrls;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.security.token.Resource;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Opening a file in the WOPI client: an access token for the user and file, and the client's action URL for the
 * file's extension with our WOPISrc filled in. The token carries what the access gate grants for the action (the
 * user's rights on the file for view and edit: Office reads UserCanWrite from CheckFileInfo to offer switching from
 * viewing to editing).
 */
@ApplicationScoped
public class Launcher {

    private final AccessTokens tokens;
    private final WopiUrls urls;
    private final DiscoveryClient discovery;
    private final ClientRules rules;
    private final WopiConfig.Host host;

    Launcher(AccessTokens tokens, WopiUrls urls, DiscoveryClient discovery, ClientRules rules, WopiConfig config) {
        this.tokens = tokens;
        this.urls = urls;
        this.discovery = discovery;
        this.rules = rules;
        this.host = config.host();
    }

    /** {@link #launch(User, FileMeta, Set, String, String, String)} in the first client the rules allow. */
    public Uni<Launch> launch(User user, FileMeta file, Set<Permission> permissions, String action, String language) {
        return launch(user, file, permissions, action, language, null);
    }

    /**
     * @param action   view, edit, editnew, embedview, convert, ... as discovery names them
     * @param language the browser's language for the client's UI (UI_LLCC), e.g. {@code en-US}, unless configured
     * @param client   the WOPI client the user chose ("Open with…"), which the rules must allow for this file and
     *                 action; {@code null}: the first allowed client that offers the action
     */
    public Uni<Launch> launch(User user, FileMeta file, Set<Permission> permissions, String action, String language,
                              String client) {
        List<String> candidates = rules.candidates(file.extension(), action);
        if (client != null) {
            if (!candidates.contains(client)) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.NOT_FOUND, "the WOPI client '" + client
                        + "' is not one that opens ." + file.extension() + " files to " + action));
            }
            candidates = List.of(client);
        }
        if (candidates.isEmpty()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.NOT_FOUND, "no WOPI client is configured to "
                    + action + " ." + file.extension() + " files"));
        }
        String wopiSrc = urls.wopiSrc(file.id());
        String ui = host.uiLanguage().orElse(language);
        Map<String, String> placeholders = Map.of("UI_LLCC", ui, "DC_LLCC", ui,
                "BUSINESS_USER", host.businessUser() ? "1" : "0");
        return firstOffering(candidates, 0, new DiscoveryClient.ResolveRequest(file.extension(), action, wopiSrc, placeholders))
                .map(chosen -> {
                    AccessTokens.Minted token = tokens.mint(user.id(), user.displayName(), Resource.file(file.id()),
                            permissions, chosen.client());
                    DiscoveryClient.ActionInfo info = chosen.resolved().action();
                    return new Launch(wopiSrc, token.token(), token.ttlMillis(), throughProxy(chosen.resolved().url()),
                            action, info == null ? null : info.favIconUrl(), chosen.client(), info == null ? null : info.app(),
                            info == null ? action : info.name());
                });
    }

    /** The first of the clients that offers the action: the next one is asked only when one says it does not. */
    private Uni<Chosen> firstOffering(List<String> clients, int index, DiscoveryClient.ResolveRequest request) {
        String client = clients.get(index);
        return discovery.resolve(client, request)
                .map(resolved -> new Chosen(client, resolved))
                .onFailure(ClientRules::notOffered).recoverWithUni(failure -> index + 1 < clients.size()
                        ? firstOffering(clients, index + 1, request)
                        : Uni.createFrom().failure(new ApiException(ErrorCode.NOT_FOUND, "the WOPI client"
                                + (clients.size() > 1 ? "s offer" : " offers") + " no '" + request.action() + "' for ."
                                + request.ext() + " files: " + ((DependencyException) failure).detail())));
    }

    private record Chosen(String client, DiscoveryClient.ResolvedAction resolved) {
    }

    /**
     * @param wopiSrc        the file's WOPI URL
     * @param accessToken    to POST as {@code access_token} to the action URL
     * @param accessTokenTtl to POST as {@code access_token_ttl} (the token's expiry, ms since the epoch)
     * @param actionUrl      the WOPI client page that opens the file
     * @param action         the action asked for
     * @param favIconUrl     the WOPI client app's icon, for the host page
     * @param client         the WOPI client that opens it (discovery-service's name)
     * @param app            the client's app for the file (Word, Excel, ...)
     * @param opens          the action the client opens, which differs from {@code action} when it falls back
     *                       (a client without {@code editnew} opens {@code edit})
     */
    @RegisterForReflection
    public record Launch(String wopiSrc, String accessToken, long accessTokenTtl, String actionUrl, String action,
                         String favIconUrl, String client, String app, String opens) {
    }

    /** What a user needs on a file to open it for the action: converting rewrites it, anything else reads it first. */
    public static Permission needs(String action) {
        return "convert".equalsIgnoreCase(action) ? Permission.EDIT : Permission.VIEW;
    }

    /** The first language of an Accept-Language header, as UI_LLCC wants it ({@code en-US} when none). */
    public static String language(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return "en-US";
        }
        String first = acceptLanguage.split(",")[0].split(";")[0].trim();
        return first.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?") ? first : "en-US";
    }

    /** The action URL through {@code wopi.host.client-proxy-url} when one is configured: its origin, our path. */
    String throughProxy(String actionUrl) {
        if (host.clientProxyUrl().isEmpty() || actionUrl == null) {
            return actionUrl;
        }
        java.net.URI action = java.net.URI.create(actionUrl);
        String proxy = host.clientProxyUrl().get();
        proxy = proxy.endsWith("/") ? proxy.substring(0, proxy.length() - 1) : proxy;
        return proxy + action.getRawPath() + (action.getRawQuery() == null ? "" : "?" + action.getRawQuery());
    }
}
