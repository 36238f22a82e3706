package org.openwopi.wopi.userapi;

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
    private final String client;
    private final WopiConfig.Host host;

    Launcher(AccessTokens tokens, WopiUrls urls, DiscoveryClient discovery, WopiConfig config) {
        this.tokens = tokens;
        this.urls = urls;
        this.discovery = discovery;
        this.client = config.proof().client();
        this.host = config.host();
    }

    /**
     * @param action   view, edit, editnew, embedview, ... as discovery names them
     * @param language the browser's language for the client's UI (UI_LLCC), e.g. {@code en-US}, unless configured
     */
    public Uni<Launch> launch(User user, FileMeta file, Set<Permission> permissions, String action, String language) {
        AccessTokens.Minted token = tokens.mint(user.id(), user.displayName(), Resource.file(file.id()), permissions);
        String wopiSrc = urls.wopiSrc(file.id());
        String ui = host.uiLanguage().orElse(language);
        Map<String, String> placeholders = Map.of("UI_LLCC", ui, "DC_LLCC", ui,
                "BUSINESS_USER", host.businessUser() ? "1" : "0");
        return discovery.resolve(client, new DiscoveryClient.ResolveRequest(file.extension(), action, wopiSrc, placeholders))
                .map(resolved -> new Launch(wopiSrc, token.token(), token.ttlMillis(), throughProxy(resolved.url()), action,
                        resolved.action() == null ? null : resolved.action().favIconUrl()))
                .onFailure(e -> e instanceof DependencyException d && (d.status() == 404 || d.status() == 400))
                .transform(e -> new ApiException(ErrorCode.NOT_FOUND, "the WOPI client offers no '" + action
                        + "' for ." + file.extension() + " files: " + ((DependencyException) e).detail()));
    }

    /**
     * @param wopiSrc        the file's WOPI URL
     * @param accessToken    to POST as {@code access_token} to the action URL
     * @param accessTokenTtl to POST as {@code access_token_ttl} (the token's expiry, ms since the epoch)
     * @param actionUrl      the WOPI client page that opens the file
     * @param favIconUrl     the WOPI client app's icon, for the host page
     */
    @RegisterForReflection
    public record Launch(String wopiSrc, String accessToken, long accessTokenTtl, String actionUrl, String action,
                         String favIconUrl) {
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
