package org.openwopi.wopi.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.openwopi.testsupport.ServerProcess;
import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.StorageClient;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;

/**
 * Replaces the three service clients, for the {@code @QuarkusTest} slices whose profile selects it
 * ({@link Profile}), by whatever double each test sets: the whole edge runs, no service does. A selected alternative
 * wins over the HTTP clients; without the profile (every {@code *IT}) this class is inert. Until a test sets one, every
 * client is its {@code Unused*} double, which fails any call.
 */
@Alternative
@Singleton
public class ClientDoubles {

    private static volatile LockClient locks;
    private static volatile StorageClient storage;
    private static volatile DiscoveryClient discovery;

    /**
     * Each client back to a double that fails every call, except discovery-service's proof keys, which are
     * {@link #office()}'s; then the test sets the ones it expects to be used.
     */
    public static void reset() {
        locks = new UnusedLocks() {
        };
        storage = new UnusedStorage() {
        };
        discovery = new OfficeKeys();
    }

    /** The WOPI client of the slices: its keys sign every request ({@link #call}). */
    public static synchronized OfficeDouble office() {
        if (office == null) {
            office = new OfficeDouble();
        }
        return office;
    }

    private static OfficeDouble office;

    /** discovery-service as the slices need it: the office double's proof keys, nothing else. */
    private static final class OfficeKeys implements DiscoveryClient {
        @Override
        public Uni<ProofKeys> proofKeys(String client) {
            return Uni.createFrom().item(office().proofKeys());
        }

        @Override
        public Uni<Refresh> refresh(String client) {
            return Uni.createFrom().item(new Refresh(false, true, Instant.now()));
        }

        @Override
        public Uni<ResolvedAction> resolve(String client, ResolveRequest request) {
            return Uni.createFrom().failure(new AssertionError("unexpected call to discovery-service: resolve"));
        }

        @Override
        public Uni<ActionInfo> action(String client, String ext, String action) {
            return Uni.createFrom().failure(new AssertionError("unexpected call to discovery-service: action"));
        }

        @Override
        public Uni<Void> readiness() {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<java.util.List<ClientStatus>> clients() {
            return Uni.createFrom().item(java.util.List.of());
        }
    }

    /** A request as Office sends it to the slice's server: the token in the query, proofs over the exact URL. */
    public record Call(String url, RequestSpecification spec) {
        public Call header(String name, String value) {
            spec.header(name, value);
            return this;
        }

        public Call override(String override) {
            return header("X-WOPI-Override", override);
        }

        public Response get() {
            return spec.get(url);
        }

        public Response post() {
            return spec.post(url);
        }
    }

    public static Call call(String path, String token) {
        String url = "http://localhost:" + Profile.port() + path + "?access_token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return new Call(url, RestAssured.given().urlEncodingEnabled(false).headers(office().proofHeaders(token, url)));
    }

    static {
        reset();
    }

    public static void locks(LockClient double_) {
        locks = Objects.requireNonNull(double_);
    }

    public static void storage(StorageClient double_) {
        storage = Objects.requireNonNull(double_);
    }

    public static void discovery(DiscoveryClient double_) {
        discovery = Objects.requireNonNull(double_);
    }

    @Produces
    @Alternative
    @Singleton
    LockClient lockClient() {
        return forwarding(LockClient.class, () -> locks);
    }

    @Produces
    @Alternative
    @Singleton
    StorageClient storageClient() {
        return forwarding(StorageClient.class, () -> storage);
    }

    @Produces
    @Alternative
    @Singleton
    DiscoveryClient discoveryClient() {
        return forwarding(DiscoveryClient.class, () -> discovery);
    }

    /** A bean that hands every call to the double the current test set, read at call time. */
    private static <T> T forwarding(Class<T> type, java.util.function.Supplier<T> current) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> type.getSimpleName() + " double";
                };
            }
            try {
                return method.invoke(current.get(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /**
     * The profile of the slices: selects the doubles and serves on a port known before the start, since proofs are
     * signed over the public URL.
     */
    public static class Profile implements QuarkusTestProfile {

        /** Quarkus loads this class again in its own class loader: the port is shared through a system property. */
        public static int port() {
            return Integer.parseInt(System.getProperties()
                    .computeIfAbsent("client-doubles.port", key -> Integer.toString(ServerProcess.freeLoopbackPort()))
                    .toString());
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ClientDoubles.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    // Keeps the HTTP clients, unused here, so their configuration still maps and is validated.
                    "quarkus.arc.unremovable-types", "org.openwopi.wopi.clients.*",
                    "quarkus.http.test-port", Integer.toString(port()),
                    "wopi.public-base-url", "http://localhost:" + port(),
                    "wopi.proof.refresh-min-interval", "PT0S");
        }
    }
}
