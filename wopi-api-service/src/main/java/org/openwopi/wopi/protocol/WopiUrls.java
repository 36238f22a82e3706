package org.openwopi.wopi.protocol;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.security.token.AccessToken;
import org.openwopi.wopi.security.token.AccessTokens;
import org.openwopi.wopi.security.token.Resource;

/** The public URLs we hand to WOPI clients, each starting with {@code wopi.public-base-url}. */
@ApplicationScoped
public class WopiUrls {

    private final String base;
    private final AccessTokens tokens;
    private final String closeUrl;
    private final String origin;
    private final long fileUrlTtlMillis;
    /** FileUrls by the grant they were made for; bounded, and simply forgotten when full. */
    private final ConcurrentHashMap<AccessToken, AccessTokens.Minted> fileUrls = new ConcurrentHashMap<>();
    private static final int MAX_FILE_URLS = 20_000;

    WopiUrls(WopiConfig config, AccessTokens tokens) {
        this.base = stripSlash(config.publicBaseUrl());
        this.tokens = tokens;
        this.fileUrlTtlMillis = config.fileUrlTtl().toMillis();
        this.closeUrl = config.closeUrl().startsWith("http") ? config.closeUrl() : base + config.closeUrl();
        java.net.URI uri = java.net.URI.create(base);
        this.origin = uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String base() {
        return base;
    }

    /** The WOPISrc of a file: what discovery's action URLs carry, without a token. */
    public String wopiSrc(String fileId) {
        return base + "/wopi/files/" + fileId;
    }

    /** A file's WOPI URL with a token for it: one the access gate derived for exactly this file. */
    public String file(String fileId, AccessToken grant) {
        return wopiSrc(fileId) + tokenQuery(scoped(grant, Resource.file(fileId)));
    }

    /** A folder's WOPI URL with a token for it: one the access gate derived for exactly this folder. */
    public String container(String containerId, AccessToken grant) {
        return base + "/wopi/containers/" + containerId + tokenQuery(scoped(grant, Resource.container(containerId)));
    }

    private static AccessToken scoped(AccessToken grant, Resource resource) {
        if (!grant.resource().equals(resource)) {
            // A token carried over from another item would keep that item's rights: the gate derives one instead.
            throw new IllegalArgumentException("a token for " + grant.resource().encode() + " used for " + resource.encode());
        }
        return grant;
    }

    public String ecosystem(AccessToken grant) {
        return base + "/wopi/ecosystem" + tokenQuery(grant.forResource(Resource.ecosystem()));
    }

    /**
     * CheckFileInfo's FileUrl: the file's content at {@code /fileurl/{id}}, opened by a token of its own that reads this
     * file only and lives {@code wopi.file-url-ttl}. The same grant gets the same URL while it has more than half its
     * life left, so a client asking CheckFileInfo often costs no signature each time.
     */
    public String fileUrl(String fileId, AccessToken grant) {
        AccessToken scoped = scoped(grant, Resource.file(fileId));
        long now = System.currentTimeMillis();
        AccessTokens.Minted known = fileUrls.get(scoped);
        if (known == null || known.ttlMillis() - now < fileUrlTtlMillis / 2) {
            if (fileUrls.size() >= MAX_FILE_URLS) {
                fileUrls.clear();
            }
            known = tokens.mintFileUrl(scoped, java.time.Duration.ofMillis(fileUrlTtlMillis));
            fileUrls.put(scoped, known);
        }
        return base + "/fileurl/" + fileId + "?t=" + URLEncoder.encode(known.token(), StandardCharsets.UTF_8);
    }

    /** The user API's download of a file (with the signed-in user's session, as an attachment). */
    public String download(String fileId) {
        return base + "/api/files/" + fileId + "/content";
    }

    /** A folder's page in the web UI. */
    public String folderPage(String folderId) {
        return base + "/#folder/" + folderId;
    }

    public String hostView(String fileId) {
        return base + "/host/" + fileId + "?action=view";
    }

    public String hostEdit(String fileId) {
        return base + "/host/" + fileId + "?action=edit";
    }

    /** The origin (scheme, host, port) of the public base URL: where our host page posts messages from. */
    public String origin() {
        return origin;
    }

    public String close() {
        return closeUrl;
    }

    /**
     * Where closing a document leads: with the default {@code wopi.close-url} ("/"), back to where the user finds the
     * file (its folder for the owner, "Shared with me" for anyone else, who may not see the folder); an operator's own
     * close URL as it is.
     */
    public String closeFor(String containerId, boolean owner) {
        if (!closeUrl.equals(base + "/")) {
            return closeUrl;
        }
        if (!owner) {
            return base + "/#shared";
        }
        return containerId == null ? closeUrl : folderPage(containerId);
    }

    private String tokenQuery(AccessToken grant) {
        AccessTokens.Minted minted = tokens.mint(grant);
        return "?access_token=" + URLEncoder.encode(minted.token(), StandardCharsets.UTF_8)
                + "&access_token_ttl=" + minted.ttlMillis();
    }
}
