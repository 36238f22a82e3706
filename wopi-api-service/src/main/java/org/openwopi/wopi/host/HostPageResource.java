package org.openwopi.wopi.host;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.openwopi.common.ApiException;
import org.openwopi.wopi.protocol.WopiUrls;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.access.Role;
import org.openwopi.wopi.userapi.Launcher;
import org.openwopi.wopi.userapi.User;
import org.openwopi.wopi.userapi.UserFiles;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The host page, the second step of opening a document (after the launch call): for a signed-in user allowed to use Office, a page whose form POSTs the access
 * token into a full-size iframe at the WOPI client's action URL, and which answers the client's postMessages from
 * that origin only. Its Content-Security-Policy lets it frame and post to the client's origin and nothing else.
 */
@Path("/host")
@Authenticated
public class HostPageResource {

    private static final Set<String> ACTIONS = Set.of("view", "edit", "editnew", "embedview", "convert");
    /**
     * The script nonces' source. Not static: a native image initialises classes at build time, so a static one would be
     * seeded once, at build time, and every executable would make the same nonces; this bean is made at run time.
     */
    private final SecureRandom random = new SecureRandom();

    private final SecurityIdentity identity;
    private final UserFiles files;
    private final Launcher launcher;
    private final AccessGate gate;
    private final WopiUrls urls;

    HostPageResource(SecurityIdentity identity, UserFiles files, Launcher launcher, AccessGate gate, WopiUrls urls) {
        this.identity = identity;
        this.gate = gate;
        this.files = files;
        this.launcher = launcher;
        this.urls = urls;
    }

    @GET
    @Path("/{fileId}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> open(@RestPath String fileId, @RestQuery @DefaultValue("view") String action,
                              @RestQuery String client, @HeaderParam("Accept-Language") String acceptLanguage) {
        User user = User.of(identity);
        if (!ACTIONS.contains(action)) {
            return Uni.createFrom().item(page(400, "Unknown action", "The action \u201c" + action
                    + "\u201d is not one of view, edit, editnew, embedview, convert."));
        }
        java.util.Optional<String> refused = gate.officeRefused(identity);
        if (refused.isPresent()) {
            return Uni.createFrom().item(page(403, "Office is not available to you", "You are signed in as " + user.id()
                    + ", but opening documents in Office is limited to members of the group \u201c"
                    + refused.get() + "\u201d. Ask your administrator to add you to it."));
        }
        return Uni.createFrom().deferred(() -> files.fileAccess(user.id(), fileId, Launcher.needs(action)))
                .flatMap(granted -> launcher.launch(user, granted.item(), gate.forAction(granted.role(), action),
                        gate.actionFor(granted.role(), action),
                        Launcher.language(acceptLanguage), client).map(launch -> render(granted.item().name(), fileId, launch,
                                urls.closeFor(granted.item().containerId(), granted.role() == Role.OWNER))))
                .onFailure(ApiException.class).recoverWithItem(e -> {
                    ApiException failure = (ApiException) e;
                    int status = failure.code().status();
                    return page(status, status == 404 ? "Not found" : "Cannot open the document", failure.getMessage());
                });
    }

    private Response render(String fileName, String fileId, Launcher.Launch launch, String closeUrl) {
        URI action = URI.create(launch.actionUrl());
        String clientOrigin = action.getScheme() + "://" + action.getRawAuthority();
        String nonce = nonce();
        String favicon = launch.favIconUrl() == null ? "" : launch.favIconUrl();
        String faviconOrigin = favicon.isEmpty() ? "" : " " + origin(favicon);
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no">
                <title>%s</title>
                %s
                <style nonce="%s">
                html, body { margin: 0; padding: 0; height: 100%%; overflow: hidden; font-family: sans-serif; }
                #office_frame { width: 100%%; height: 100%%; border: none; display: block; }
                #loading { position: absolute; top: 45%%; width: 100%%; text-align: center; color: #555; }
                body.loaded #loading { display: none; }
                </style>
                </head>
                <body>
                <div id="loading">Opening <span id="file-name">%s</span>&hellip;</div>
                <form id="office_form" name="office_form" target="office_frame" action="%s" method="post">
                <input name="access_token" value="%s" type="hidden">
                <input name="access_token_ttl" value="%d" type="hidden">
                </form>
                <iframe id="office_frame" name="office_frame" title="Office" allowfullscreen
                 sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-top-navigation allow-popups-to-escape-sandbox allow-downloads allow-modals"
                 allow="autoplay; camera; microphone; display-capture; clipboard-read; clipboard-write"></iframe>
                <script nonce="%s">
                (function () {
                  var clientOrigin = %s;
                  var urls = { close: %s, edit: %s, view: %s, ui: %s, versions: %s, sharing: %s };
                  var frame = document.getElementById('office_frame');
                  function post(messageId, values) {
                    frame.contentWindow.postMessage(JSON.stringify({ MessageId: messageId, SendTime: Date.now(), Values: values || {} }), clientOrigin);
                  }
                  window.addEventListener('message', function (event) {
                    if (event.origin !== clientOrigin) { return; }
                    var message;
                    try { message = typeof event.data === 'string' ? JSON.parse(event.data) : event.data; } catch (e) { return; }
                    if (!message || typeof message.MessageId !== 'string') { return; }
                    switch (message.MessageId) {
                      case 'App_LoadingStatus': document.body.classList.add('loaded'); post('Host_PostmessageReady'); break;
                      case 'UI_Close': window.location.href = urls.close; break;
                      case 'UI_Edit': window.location.href = urls.edit; break;
                      case 'UI_FileVersions': window.open(urls.versions, '_blank', 'noopener'); break;
                      case 'UI_Sharing': window.open(urls.sharing, '_blank', 'noopener'); break;
                      default: break;
                    }
                  });
                  document.getElementById('office_form').submit();
                })();
                </script>
                </body>
                </html>
                """.formatted(Html.text(fileName), favicon.isEmpty() ? "" : "<link rel=\"icon\" href=\"" + Html.text(favicon) + "\">",
                nonce, Html.text(fileName), Html.text(launch.actionUrl()), Html.text(launch.accessToken()),
                launch.accessTokenTtl(), nonce, Html.jsString(clientOrigin), Html.jsString(closeUrl),
                Html.jsString(sameClient(urls.hostEdit(fileId), launch)), Html.jsString(sameClient(urls.hostView(fileId), launch)), Html.jsString(urls.base() + "/"),
                Html.jsString(urls.base() + "/#versions/" + fileId), Html.jsString(urls.base() + "/#share/" + fileId));
        String csp = "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; img-src 'self'"
                + faviconOrigin + "; frame-src " + clientOrigin + "; form-action " + clientOrigin
                + "; base-uri 'none'; frame-ancestors 'self'";
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Content-Security-Policy", csp)
                .header("Referrer-Policy", "origin")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .build();
    }

    /** Switching between viewing and editing stays in the client the user chose. */
    private static String sameClient(String hostUrl, Launcher.Launch launch) {
        return launch.client() == null ? hostUrl
                : hostUrl + "&client=" + java.net.URLEncoder.encode(launch.client(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String origin(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private String nonce() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A plain page saying what went wrong, in words a user can act on. */
    static Response page(int status, String title, String message) {
        String html = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title></head>
                <body><h1>%s</h1><p>%s</p><p><a href="/">Back to your files</a></p></body></html>
                """.formatted(Html.text(title), Html.text(title), Html.text(message));
        return Response.status(status).entity(html).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Content-Security-Policy", "default-src 'none'; base-uri 'none'; frame-ancestors 'self'")
                .header("Cache-Control", "no-store")
                .build();
    }
}
