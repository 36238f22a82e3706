package org.openwopi.wopi.security.access;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.wopi.config.WopiConfig;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * A person's groups as the identity provider's directory holds them now (Keycloak's admin API, asked with the
 * service account of a confidential client), for {@link People} when {@code wopi.directory.enabled}: a sign-in token
 * names the groups of the moment it was issued and an Office session carries no sign-in token at all, so only the
 * directory can tell that someone has left a group.
 *
 * <p>A directory that cannot be asked fails the call with 503 and the reason: a decision that depends on groups is
 * not made on groups that may no longer hold.
 */
@ApplicationScoped
public class Directory {

    private static final Logger LOG = Logger.getLogger(Directory.class);
    /** Keycloak's user ids by user name; they never change. Bounded, and simply forgotten when full. */
    private static final int MAX_REMEMBERED = 100_000;
    /** The service token is renewed this long before it expires, so no call goes out with one about to lapse. */
    private static final long RENEW_EARLY_MILLIS = 10_000;

    private final boolean enabled;
    private final WebClient client;
    private final String tokenUrl;
    private final String usersUrl;
    private final String clientId;
    private final String clientSecret;
    private final long timeoutMillis;
    private final ConcurrentHashMap<String, String> ids = new ConcurrentHashMap<>();
    private volatile ServiceToken serviceToken;

    private record ServiceToken(String value, long renewAt) {
    }

    Directory(WopiConfig config, Vertx vertx,
              @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl) {
        WopiConfig.Directory directory = config.directory();
        this.enabled = directory.enabled();
        this.timeoutMillis = directory.timeout().toMillis();
        if (!enabled) {
            this.client = null;
            this.tokenUrl = null;
            this.usersUrl = null;
            this.clientId = null;
            this.clientSecret = null;
            return;
        }
        String realm = directory.realmUrl().or(() -> authServerUrl.filter(url -> !url.isBlank()))
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                .orElseThrow(() -> new IllegalStateException(
                        "wopi.directory.enabled needs wopi.directory.realm-url or quarkus.oidc.auth-server-url"));
        int at = realm.lastIndexOf("/realms/");
        if (at < 0) {
            throw new IllegalStateException("wopi.directory: " + realm + " is not a Keycloak realm URL ({keycloak}/realms/{realm})");
        }
        this.tokenUrl = realm + "/protocol/openid-connect/token";
        this.usersUrl = realm.substring(0, at) + "/admin" + realm.substring(at) + "/users";
        this.clientId = directory.clientId().orElseThrow(
                () -> new IllegalStateException("wopi.directory.enabled needs wopi.directory.client-id"));
        this.clientSecret = directory.clientSecret().orElseThrow(
                () -> new IllegalStateException("wopi.directory.enabled needs wopi.directory.client-secret"));
        URI base = URI.create(realm);
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setSsl("https".equalsIgnoreCase(base.getScheme())));
        LOG.infof("People's groups are read from the directory at %s (wopi.directory)", usersUrl);
    }

    /** Whether groups come from the directory rather than sign-in tokens. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The names of the groups the person belongs to now (the names sign-in tokens carry); none when the directory
     * does not know them (an account deleted since).
     */
    public Uni<List<String>> groups(String userId) {
        return withServiceToken(true, token -> id(userId, token).flatMap(id -> id.isEmpty()
                ? Uni.createFrom().item(List.<String>of())
                : call(usersUrl + "/" + id.get() + "/groups?briefRepresentation=true", token)
                        .map(body -> body.toJsonArray().stream()
                                .map(group -> ((JsonObject) group).getString("name"))
                                .filter(name -> name != null && !name.isBlank())
                                .sorted().toList())));
    }

    private Uni<Optional<String>> id(String userId, String token) {
        String known = ids.get(userId);
        if (known != null) {
            return Uni.createFrom().item(Optional.of(known));
        }
        return client.getAbs(usersUrl).addQueryParam("username", userId).addQueryParam("exact", "true")
                .addQueryParam("briefRepresentation", "true")
                .bearerTokenAuthentication(token).timeout(timeoutMillis).send()
                .map(response -> {
                    JsonArray found = answer(response).toJsonArray();
                    for (Object each : found) {
                        JsonObject user = (JsonObject) each;
                        if (userId.equalsIgnoreCase(user.getString("username")) && user.getString("id") != null) {
                            if (ids.size() >= MAX_REMEMBERED) {
                                ids.clear();
                            }
                            ids.put(userId, user.getString("id"));
                            return Optional.of(user.getString("id"));
                        }
                    }
                    return Optional.<String>empty();
                })
                .onFailure(failure -> !(failure instanceof ApiException || failure instanceof Unauthorized))
                .transform(Directory::unreachable);
    }

    private Uni<Buffer> call(String url, String token) {
        return client.getAbs(url).bearerTokenAuthentication(token).timeout(timeoutMillis).send()
                .map(Directory::answer)
                .onFailure(failure -> !(failure instanceof ApiException || failure instanceof Unauthorized))
                .transform(Directory::unreachable);
    }

    /** Runs {@code call} with a service token; one refused as expired is renewed and the call made once more. */
    private <T> Uni<T> withServiceToken(boolean retry, Function<String, Uni<T>> call) {
        return serviceToken().flatMap(token -> call.apply(token)).onFailure(Unauthorized.class).recoverWithUni(refused -> {
            serviceToken = null;
            if (retry) {
                return withServiceToken(false, call);
            }
            LOG.warnf("The directory refused our service token twice (%s): check that %s's service account may view users",
                    refused.getMessage(), clientId);
            return Uni.createFrom().failure(new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                    "the identity provider's directory refused this service's credentials"));
        });
    }

    private Uni<String> serviceToken() {
        ServiceToken known = serviceToken;
        if (known != null && System.currentTimeMillis() < known.renewAt()) {
            return Uni.createFrom().item(known.value());
        }
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials")
                .add("client_id", clientId).add("client_secret", clientSecret);
        return client.postAbs(tokenUrl).timeout(timeoutMillis).sendForm(form)
                .map(response -> {
                    if (response.statusCode() != 200) {
                        LOG.warnf("The identity provider refused %s's client credentials: %d %s", clientId,
                                response.statusCode(), response.bodyAsString());
                        throw new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                                "the identity provider refused this service's directory credentials");
                    }
                    JsonObject body = response.bodyAsJsonObject();
                    long lifetime = body.getLong("expires_in", 60L) * 1000;
                    ServiceToken token = new ServiceToken(body.getString("access_token"),
                            System.currentTimeMillis() + Math.max(0, lifetime - RENEW_EARLY_MILLIS));
                    serviceToken = token;
                    return token.value();
                })
                .onFailure(failure -> !(failure instanceof ApiException))
                .transform(Directory::unreachable);
    }

    private static Buffer answer(HttpResponse<Buffer> response) {
        if (response.statusCode() == 401) {
            throw new Unauthorized(response.statusCode() + " " + response.statusMessage());
        }
        if (response.statusCode() != 200) {
            LOG.warnf("The directory answered %d: %s", response.statusCode(), response.bodyAsString());
            throw new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                    "the identity provider's directory answered " + response.statusCode());
        }
        return response.body();
    }

    private static Throwable unreachable(Throwable failure) {
        LOG.warnf("The identity provider's directory could not be asked: %s", failure.toString());
        return new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                "the identity provider's directory cannot be reached to check group membership");
    }

    /** The directory refused the service token (expired early, or revoked). */
    private static final class Unauthorized extends RuntimeException {
        Unauthorized(String message) {
            super(message, null, false, false);
        }
    }
}
