package org.openwopi.wopi.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.StorageClient;

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

    /** Each client back to a double that fails every call; then the test sets the ones it expects to be used. */
    public static void reset() {
        locks = new UnusedLocks() {
        };
        storage = new UnusedStorage() {
        };
        discovery = null;
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
        return forwarding(DiscoveryClient.class, () -> {
            if (discovery == null) {
                throw new AssertionError("unexpected call to discovery-service");
            }
            return discovery;
        });
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

    /** The profile of the slices: selects the doubles. Subclass it to add configuration. */
    public static class Profile implements io.quarkus.test.junit.QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ClientDoubles.class);
        }

        /** Keeps the HTTP clients, unused here, so their configuration still maps and is validated. */
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.arc.unremovable-types", "org.openwopi.wopi.clients.*");
        }
    }
}
