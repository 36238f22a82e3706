package org.openwopi.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openwopi.k8s.Chart.name;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openwopi.common.serviceauth.EcKeys;
import org.openwopi.common.serviceauth.ServiceJwt;
import org.openwopi.testsupport.PostgresServer;
import org.openwopi.testsupport.QuarkusAppServer;
import org.openwopi.testsupport.RedisServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * The configuration the chart renders really runs the services: each packaged service starts from its ConfigMap's
 * application.properties (through QUARKUS_CONFIG_LOCATIONS, as in the pod) and the environment its Deployment
 * declares, Secrets filled in, against a real Redis, a real PostgreSQL and a WOPI client's discovery, and becomes
 * ready. Only what the cluster itself provides is stood in for: mounted paths and the Services' DNS names.
 */
class RenderedConfigurationTest {

    /** The Secrets an operator would have created, by name and key. */
    private static final Map<String, String> SECRETS = Map.of(
            "openwopi-postgresql/username", PostgresServer.USER,
            "openwopi-postgresql/password", "unused-with-trust-authentication",
            "openwopi-oidc/state-secret", "a-state-secret-of-at-least-32-characters",
            "openwopi-oidc/session-secret", "a-session-secret-of-at-least-32-characters");

    @Test
    void everyServiceStartsAndBecomesReadyFromTheRenderedConfiguration(@TempDir Path dir) throws Exception {
        HttpServer wopiClient = discoveryDouble();
        try (RedisServer redis = new RedisServer().start(); PostgresServer postgres = new PostgresServer().start()) {
            Chart.Rendered rendered = Chart.render(List.of(),
                    "redis.hosts[0]", redis.uri(),
                    "postgresql.host", "127.0.0.1",
                    "postgresql.port", Integer.toString(postgres.port()),
                    "postgresql.database", PostgresServer.DATABASE,
                    "postgresql.sslMode", "disable",
                    "wopiClient.discoveryUrl", "http://127.0.0.1:" + wopiClient.getAddress().getPort() + "/hosting/discovery",
                    "telemetry.prometheusRule.enabled", "true");

            // Stand-ins for the volumes: the paths the configuration names must be where the Deployment mounts them.
            assertThat(rendered.properties("storage-service").get("storage.blob.filesystem.root"))
                    .isEqualTo(mountPath(rendered, "storage-service", "blobs"));
            // Behind the TLS ingress: forwarded scheme believed, session cookie always Secure.
            assertThat(rendered.properties("wopi-api-service")).containsEntry("quarkus.http.proxy.proxy-address-forwarding", "true")
                    .containsEntry("quarkus.oidc.web.authentication.cookie-force-secure", "true");
            String tokenDir = mountPath(rendered, "wopi-api-service", "token-key");
            assertThat(rendered.properties("wopi-api-service").get("wopi.token.current.private-key")).isEqualTo(tokenDir + "/private.pem");
            Path keys = tokenKeys(dir.resolve("token-keys"));
            // The service-credential pair: the private half where wopi-api-service's volume puts it, the public half
            // where the other three's do.
            Path serviceKeys = tokenKeys(dir.resolve("service-key"));
            assertThat(rendered.properties("wopi-api-service").get("service-auth.signing.private-key"))
                    .isEqualTo(mountPath(rendered, "wopi-api-service", "service-key") + "/private.pem");
            Map<String, String> checkingKey = new HashMap<>();
            for (String service : List.of("lock-service", "storage-service", "discovery-service")) {
                assertThat(rendered.properties(service).get("service-auth.current.public-key"))
                        .isEqualTo(mountPath(rendered, service, "service-key") + "/public.pem");
            }
            checkingKey.put("service-auth.current.public-key", serviceKeys.resolve("public.pem").toString());

            Map<String, String> storageMounts = new HashMap<>(checkingKey);
            storageMounts.put("storage.blob.filesystem.root", QuarkusAppServer.SCRATCH + "/blobs");
            try (QuarkusAppServer lock = start(rendered, dir, "lock-service", checkingKey);
                 QuarkusAppServer storage = start(rendered, dir, "storage-service", storageMounts);
                 QuarkusAppServer discovery = start(rendered, dir, "discovery-service", checkingKey);
                 QuarkusAppServer api = start(rendered, dir, "wopi-api-service", Map.of(
                         "service-auth.signing.private-key", serviceKeys.resolve("private.pem").toString(),
                         "wopi.token.current.private-key", keys.resolve("private.pem").toString(),
                         "wopi.token.current.public-key", keys.resolve("public.pem").toString(),
                         "wopi.clients.lock.url", lock.url(),
                         "wopi.clients.storage.url", storage.url(),
                         "wopi.clients.discovery.url", discovery.url()))) {
                // start() returned: /q/health/ready answered 200 for each (wopi-api-service's asks the other three).
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                // The internal services answer only with the credential wopi-api-service would present.
                long now = Instant.now().getEpochSecond();
                ECPrivateKey signing = EcKeys.privateKey(serviceKeys.resolve("private.pem").toString());
                String kid = rendered.properties("wopi-api-service").get("service-auth.signing.kid");
                Function<String, String> credential = audience -> "Bearer " + ServiceJwt.mint(signing, kid,
                        new ServiceJwt.Claims("openwopi-wopi-api", "wopi-api-service", audience, now, now + 60));
                HttpResponse<String> anonymousClients = http.send(HttpRequest.newBuilder(URI.create(discovery.url() + "/discovery/clients"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(anonymousClients.statusCode()).isEqualTo(401);
                HttpResponse<String> clients = http.send(HttpRequest.newBuilder(URI.create(discovery.url() + "/discovery/clients"))
                        .header("Authorization", credential.apply("discovery-service"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(clients.body()).contains("\"office\"").contains("FRESH");
                // The lock lands in the private Redis the chart was given (not in some Redis on the default port).
                HttpResponse<String> locked = http.send(HttpRequest.newBuilder(URI.create(lock.url() + "/locks/chart-file/acquire"))
                        .header("Content-Type", "application/json").header("Authorization", credential.apply("lock-service"))
                        .timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"lockId\":\"chart-lock\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(locked.statusCode()).as(locked.body()).isEqualTo(200);
                assertThat(redis.command("EXISTS", "wopi:lock:{chart-file}")).isEqualTo(":1");
                HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/wopi/files/some-file"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(anonymous.statusCode()).isEqualTo(401);

                // Every metric the alerts and the dashboard read is one the running services export.
                Set<String> exported = new HashSet<>();
                for (QuarkusAppServer service : List.of(lock, storage, discovery, api)) {
                    HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(scrape.statusCode()).isEqualTo(200);
                    scrape.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                            .map(line -> line.split("[{ ]", 2)[0]).forEach(exported::add);
                }
                List<String> queries = new ArrayList<>();
                rendered.one("PrometheusRule", name("alerts")).at("/spec/groups/0/rules")
                        .forEach(rule -> queries.add(rule.path("expr").asText()));
                JsonNode dashboard = new ObjectMapper().readTree(Chart.DIR.resolve("dashboards/openwopi.json").toFile());
                dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.path("expr").asText())));
                assertThat(queries).hasSizeGreaterThan(10);
                for (String query : queries) {
                    assertThat(metricNames(query)).as("the metrics of %s", query).isNotEmpty().allSatisfy(metric ->
                            assertThat(exported).as("%s, read by %s", metric, query).contains(metric));
                }
            }
        } finally {
            wopiClient.stop(0);
        }
    }

    /** The metric names in a PromQL query: each is written with a selector, {@code name{...}} or {@code name[...]}. */
    static Set<String> metricNames(String query) {
        Set<String> names = new HashSet<>();
        Matcher selector = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]").matcher(query.replaceAll("\"[^\"]*\"", "\"\""));
        while (selector.find()) {
            names.add(selector.group(1));
        }
        return names;
    }

    /** Starts a packaged service as its pod would: the rendered file, the declared environment, Secrets resolved. */
    private static QuarkusAppServer start(Chart.Rendered rendered, Path dir, String service, Map<String, String> clusterProvided)
            throws IOException {
        Path config = dir.resolve(service).resolve("application.properties");
        Files.createDirectories(config.getParent());
        Files.writeString(config, rendered.one("ConfigMap", name(service) + "-config").at("/data/application.properties").asText());
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode env : rendered.container(service).path("env")) {
            String var = env.path("name").asText();
            if (env.has("value")) {
                environment.put(var, env.path("value").asText());
            } else {
                JsonNode ref = env.at("/valueFrom/secretKeyRef");
                String secret = ref.path("name").asText() + "/" + ref.path("key").asText();
                assertThat(SECRETS).as("%s reads the Secret key %s", var, secret).containsKey(secret);
                environment.put(var, SECRETS.get(secret));
            }
        }
        assertThat(environment.get("QUARKUS_CONFIG_LOCATIONS")).isEqualTo(mountPath(rendered, service, "config") + "/application.properties");
        environment.put("QUARKUS_CONFIG_LOCATIONS", config.toString());
        environment.remove("JAVA_OPTS_APPEND"); // read by the image's launcher script, not by the JVM
        return new QuarkusAppServer(service, new HashMap<>(clusterProvided), environment).start();
    }

    private static String mountPath(Chart.Rendered rendered, String service, String volume) {
        for (JsonNode mount : rendered.container(service).path("volumeMounts")) {
            if (volume.equals(mount.path("name").asText())) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError(service + " mounts no volume " + volume);
    }

    /** A WOPI client publishing its discovery on a loopback port. */
    private static HttpServer discoveryDouble() throws IOException {
        byte[] xml;
        try (InputStream in = RenderedConfigurationTest.class.getResourceAsStream("/discovery.xml")) {
            xml = in.readAllBytes();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hosting/discovery", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, xml.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(xml);
            }
        });
        server.start();
        return server;
    }

    /** What the operator's token-key Secret holds: an EC P-256 pair as PKCS#8 and X.509 PEM. */
    private static Path tokenKeys(Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return dir;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
