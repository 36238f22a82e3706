package org.openwopi.wopi.clients;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.serviceauth.ServiceTokens;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.tracing.TracingPolicy;

/** The connection pool of the JSON calls to the internal services, and each service's {@link ServiceCalls}. */
@ApplicationScoped
class InternalServices {

    private final HttpClient client;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final ServiceTokens credentials;
    private final ClientsConfig config;
    private final CallSpans spans;

    InternalServices(Vertx vertx, ObjectMapper json, ServiceTokens credentials, ClientsConfig config, CallSpans spans) {
        this.spans = spans;
        this.vertx = vertx;
        this.json = json;
        this.credentials = credentials;
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis()).setKeepAlive(true).setMaxPoolSize(64)
                // Traced by CallSpans, under the request each call belongs to (see there).
                .setTracingPolicy(TracingPolicy.IGNORE));
    }

    ServiceCalls calls(String service) {
        ClientsConfig.Service settings = switch (service) {
            case StorageClient.SERVICE -> config.storage();
            case LockClient.SERVICE -> config.lock();
            case DiscoveryClient.SERVICE -> config.discovery();
            default -> throw new IllegalArgumentException("no such internal service: " + service);
        };
        return new ServiceCalls(service, settings, client, vertx, json, credentials, spans);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
