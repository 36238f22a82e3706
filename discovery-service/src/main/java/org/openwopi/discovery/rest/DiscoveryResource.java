package org.openwopi.discovery.rest;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.discovery.model.NetZone;
import org.openwopi.discovery.model.ProofKeys;
import org.openwopi.discovery.resolve.ActionUrlResolver;
import org.openwopi.discovery.rest.dto.ActionView;
import org.openwopi.discovery.rest.dto.AppsView;
import org.openwopi.discovery.rest.dto.ClientStatus;
import org.openwopi.discovery.rest.dto.ProofKeysView;
import org.openwopi.discovery.rest.dto.RefreshView;
import org.openwopi.discovery.rest.dto.ResolveRequest;
import org.openwopi.discovery.rest.dto.ResolvedAction;
import org.openwopi.discovery.service.ActionFinder;
import org.openwopi.discovery.service.CachedCopy;
import org.openwopi.discovery.service.ClientState;
import org.openwopi.discovery.service.DiscoveryService;

import io.smallrye.mutiny.Uni;

/** The discovery API wopi-api-service uses; {@code {client}} may be {@code default}. README.md lists every status. */
@Path("/discovery/clients")
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {

    private final DiscoveryService discovery;

    DiscoveryResource(DiscoveryService discovery) {
        this.discovery = discovery;
    }

    @GET
    public List<ClientStatus> clients() {
        return discovery.clients().stream().map(DiscoveryResource::status).toList();
    }

    @GET
    @Path("/{client}")
    public ClientStatus client(@RestPath String client) {
        return status(discovery.client(client));
    }

    @GET
    @Path("/{client}/apps")
    public AppsView apps(@RestPath String client) {
        ClientState state = discovery.client(client);
        CachedCopy copy = discovery.copy(state.name());
        NetZone zone = zone(state, copy);
        return new AppsView(state.name(), zone.name(), copy.fetchedAt(), zone.apps());
    }

    /** The action for an extension; {@code action} empty for its default. Falls back (embedview → view, ...). */
    @GET
    @Path("/{client}/actions/{ext}")
    public ActionView action(@RestPath String client, @RestPath String ext, @RestQuery String action) {
        ClientState state = discovery.client(client);
        return view(state.name(), find(state, ext, action));
    }

    /** The action's URL with WOPISrc and the known placeholders filled, the others removed. */
    @POST
    @Path("/{client}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    public ResolvedAction resolve(@RestPath String client, ResolveRequest request) {
        if (request == null || request.ext() == null || request.ext().isBlank()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "ext is required");
        }
        validateWopiSrc(request.wopiSrc());
        ClientState state = discovery.client(client);
        ActionFinder.Found found = find(state, request.ext(), request.action());
        Map<String, String> values = request.placeholders() == null ? Map.of() : request.placeholders();
        String url = ActionUrlResolver.resolve(found.action().urlsrc(), request.wopiSrc(), values);
        return new ResolvedAction(url, view(state.name(), found));
    }

    @GET
    @Path("/{client}/proof-keys")
    public ProofKeysView proofKeys(@RestPath String client) {
        ClientState state = discovery.client(client);
        CachedCopy copy = discovery.copy(state.name());
        ProofKeys keys = copy.document().proofKeys().orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "the discovery document of " + state.name() + " publishes no proof keys"));
        return new ProofKeysView(state.name(), keys.current(), keys.old(), keys.consistent(), keys.problems(), copy.fetchedAt());
    }

    /** Fetch now (single-flight, and at most once per discovery.forced-refresh-min-interval across replicas). */
    @POST
    @Path("/{client}/refresh")
    public Uni<RefreshView> refresh(@RestPath String client) {
        ClientState state = discovery.client(client);
        return discovery.forceRefresh(state.name())
                .map(outcome -> new RefreshView(state.name(), outcome.fetched(), outcome.rateLimited(), outcome.fetchedAt()))
                .onFailure(failure -> !(failure instanceof ApiException))
                .transform(failure -> ApiException.unavailable("discovery fetch of " + state.name() + " failed: "
                        + state.lastError(), Duration.ofSeconds(5), null));
    }

    private ActionFinder.Found find(ClientState state, String ext, String action) {
        CachedCopy copy = discovery.copy(state.name());
        String cleanExt = ext.startsWith(".") ? ext.substring(1) : ext;
        return ActionFinder.find(zone(state, copy), cleanExt, action).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                state.name() + " offers no " + (action == null || action.isBlank() ? "default" : action)
                        + " action for ." + cleanExt));
    }

    private static NetZone zone(ClientState state, CachedCopy copy) {
        return copy.document().zone(state.config().netZone())
                .orElseThrow(() -> ApiException.unavailable("the discovery document of " + state.name() + " has no net zone",
                        Duration.ofSeconds(5), null));
    }

    private static void validateWopiSrc(String wopiSrc) {
        if (wopiSrc == null || wopiSrc.isBlank()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "wopiSrc is required");
        }
        try {
            URI uri = URI.create(wopiSrc);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "wopiSrc must be an absolute http(s) URL");
        }
    }

    private static ActionView view(String client, ActionFinder.Found found) {
        var action = found.action();
        return new ActionView(client, found.app().name(), found.app().favIconUrl(), found.app().checkLicense(), action.name(),
                action.ext(), action.urlsrc(), action.requires(), action.isDefault(), action.targetext(), action.newext(),
                found.fellBackFrom().orElse(null));
    }

    static ClientStatus status(ClientState state) {
        CachedCopy copy = state.copy();
        String condition = copy == null ? "MISSING" : state.isStale() ? "STALE" : "FRESH";
        ProofKeys keys = copy == null ? null : copy.document().proofKeys().orElse(null);
        return new ClientStatus(state.name(), state.config().url().toString(), state.config().netZone(), condition,
                copy == null ? null : copy.fetchedAt(), copy == null ? null : (long) state.ageSeconds(),
                state.lastAttemptAt(), state.lastError(), keys != null, keys == null ? List.of() : keys.problems());
    }
}
