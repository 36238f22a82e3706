package org.openwopi.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openwopi.k8s.Chart.SERVICES;
import static org.openwopi.k8s.Chart.name;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.LintResult;

class ChartTest {

    static Chart.Rendered defaults;
    static Chart.Rendered production;

    @BeforeAll
    static void render() {
        defaults = Chart.render(List.of()).saveAs("default.yaml");
        production = Chart.render(List.of("values-production.yaml")).saveAs("production.yaml");
        Chart.render(List.of(), "image.flavor", "native").saveAs("native.yaml");
    }

    @Test
    void lintPassesWithDefaultAndProductionValues() {
        LintResult plain = Chart.helm().lint().call();
        assertThat(plain.isFailed()).as("lint: %s", plain.getMessages()).isFalse();
        // The production example is linted by rendering it against the schema (helm lint takes no values file here).
        assertThat(production.objects).isNotEmpty();
    }

    @Test
    void everyServiceGetsADeploymentAServiceAConfigMapAndAServiceAccount() {
        for (Chart.Rendered rendered : List.of(defaults, production)) {
            for (String service : SERVICES) {
                rendered.one("Deployment", name(service));
                rendered.one("Service", name(service));
                rendered.one("ConfigMap", name(service) + "-config");
                JsonNode account = rendered.one("ServiceAccount", name(service));
                assertThat(account.path("automountServiceAccountToken").asBoolean(true)).isFalse();
                assertThat(rendered.one("Service", name(service)).at("/spec/type").asText()).isEqualTo("ClusterIP");
            }
        }
    }

    @Test
    void theOnlyIngressRoutesOnlyToWopiApiServiceOverTls() {
        for (Chart.Rendered rendered : List.of(defaults, production)) {
            List<JsonNode> ingresses = rendered.kind("Ingress");
            assertThat(ingresses).hasSize(1);
            JsonNode ingress = ingresses.get(0);
            Set<String> backends = new HashSet<>();
            List<String> paths = new ArrayList<>();
            for (JsonNode rule : ingress.at("/spec/rules")) {
                for (JsonNode path : rule.at("/http/paths")) {
                    backends.add(path.at("/backend/service/name").asText());
                    paths.add(path.path("path").asText());
                }
            }
            assertThat(backends).containsExactly(name("wopi-api-service"));
            assertThat(paths).contains("/wopi", "/host", "/api", "/", "/login", "/logout")
                    .noneMatch(p -> p.startsWith("/q"));
            assertThat(ingress.at("/spec/tls/0/secretName").asText()).isNotBlank();
            assertThat(ingress.at("/spec/tls/0/hosts/0").asText()).isEqualTo(ingress.at("/spec/rules/0/host").asText());
            assertThat(ingress.at("/metadata/annotations").path("nginx.ingress.kubernetes.io/proxy-body-size").asText()).isEqualTo("0");
            assertThat(ingress.at("/metadata/annotations").path("nginx.ingress.kubernetes.io/proxy-request-buffering").asText()).isEqualTo("off");
        }
        assertThat(production.kind("Ingress").get(0).at("/spec/rules/0/host").asText()).isEqualTo("wopi.contoso.org");
    }

    @Test
    void onlyWopiApiServiceReachesTheOtherThreeAndOnlyTheIngressControllerReachesIt() {
        for (Chart.Rendered rendered : List.of(defaults, production)) {
            for (String service : SERVICES) {
                JsonNode policy = rendered.one("NetworkPolicy", name(service));
                assertThat(texts(policy.at("/spec/policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
                assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo(service);
                JsonNode from = policy.at("/spec/ingress/0/from");
                if (service.equals("wopi-api-service")) {
                    assertThat(from.toString()).contains("ingress-nginx").doesNotContain("podSelector\":{\"matchLabels\":{\"app.kubernetes.io/name\":\"wopi");
                } else {
                    assertThat(from).hasSize(1);
                    assertThat(from.at("/0/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("wopi-api-service");
                    assertThat(from.at("/0/namespaceSelector").isMissingNode()).isTrue();
                }
            }
            JsonNode apiEgress = rendered.one("NetworkPolicy", name("wopi-api-service")).at("/spec/egress");
            Set<String> reached = new HashSet<>();
            apiEgress.forEach(rule -> rule.path("to").forEach(peer ->
                    reached.add(peer.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText())));
            assertThat(reached).contains("lock-service", "discovery-service", "storage-service");
        }
    }

    @Test
    void onlyTheServicesThatNeedRedisPostgresqlOrS3MayReachThem() {
        // Production: S3 on 443 from storage-service only; Redis 6379/26379 from lock- and discovery-service only.
        Map<String, Set<Integer>> ports = egressPorts(production);
        assertThat(ports.get("lock-service")).contains(6379, 26379).doesNotContain(5432, 443);
        assertThat(ports.get("discovery-service")).contains(6379, 26379, 443).doesNotContain(5432);
        assertThat(ports.get("storage-service")).contains(5432, 443).doesNotContain(6379, 26379);
        assertThat(ports.get("wopi-api-service")).contains(8081, 8082, 8083, 443).doesNotContain(6379, 26379, 5432);
        // Named peers are kept: PostgreSQL only at its address.
        assertThat(production.one("NetworkPolicy", name("storage-service")).at("/spec/egress").toString()).contains("10.20.0.0/24");
        // The filesystem store needs no S3 egress at all.
        assertThat(egressPorts(defaults).get("storage-service")).containsExactlyInAnyOrder(53, 5432);
    }

    @Test
    void storageLockAndWopiApiAutoscaleButDiscoveryDoesNot() {
        assertThat(hpaTargets(production)).containsExactlyInAnyOrder(name("wopi-api-service"), name("lock-service"), name("storage-service"));
        assertThat(hpaTargets(defaults)).containsExactlyInAnyOrder(name("wopi-api-service"), name("lock-service"));
        for (String service : List.of("wopi-api-service", "lock-service", "storage-service")) {
            JsonNode deployment = production.one("Deployment", name(service));
            assertThat(deployment.at("/spec/replicas").isMissingNode()).as("%s: the HPA owns replicas", service).isTrue();
        }
        assertThat(production.one("Deployment", name("discovery-service")).at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode hpa = production.one("HorizontalPodAutoscaler", name("wopi-api-service"));
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(20);
    }

    @Test
    void disruptionBudgetsCoverEveryServiceRunningMoreThanOnePod() {
        assertThat(production.kind("PodDisruptionBudget")).hasSize(4);
        // By default storage-service runs once on its ReadWriteOnce volume: a budget would block every node drain.
        assertThat(defaults.optional("PodDisruptionBudget", name("storage-service")).isMissingNode()).isTrue();
        assertThat(defaults.one("PodDisruptionBudget", name("lock-service")).at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText())
                .isEqualTo("lock-service");
    }

    @Test
    void probesUseQuarkusHealthEndpoints() {
        defaults.forEachContainer(container -> {
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        });
    }

    @Test
    void noSecretIsRenderedAndSecretsAreOnlyReferencedByName() {
        for (Chart.Rendered rendered : List.of(defaults, production)) {
            assertThat(rendered.kind("Secret")).isEmpty();
            rendered.forEachContainer(container -> container.path("env").forEach(env -> {
                String var = env.path("name").asText();
                if (var.matches(".*(PASSWORD|SECRET|ACCESS_KEY).*")) {
                    assertThat(env.has("value")).as("%s must come from a Secret", var).isFalse();
                    assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).as(var).isNotBlank();
                }
            }));
            for (JsonNode config : rendered.kind("ConfigMap")) {
                assertThat(config.toString()).doesNotContainIgnoringCase("password=").doesNotContainIgnoringCase("secret=");
            }
        }
        JsonNode storage = production.container("storage-service");
        assertThat(storage.path("env").toString()).contains("openwopi-postgresql", "openwopi-s3");
        JsonNode api = production.one("Deployment", name("wopi-api-service"));
        assertThat(api.at("/spec/template/spec/volumes").toString()).contains("openwopi-token-key-2026-11", "openwopi-token-key-2026-05");
    }

    @Test
    void onlyWopiApiServiceGetsThePrivateHalfOfTheServiceCredentialKey() {
        for (Chart.Rendered rendered : List.of(defaults, production)) {
            for (String service : SERVICES) {
                JsonNode volumes = rendered.one("Deployment", name(service)).at("/spec/template/spec/volumes");
                JsonNode serviceKey = StreamSupport.stream(volumes.spliterator(), false)
                        .filter(v -> v.path("name").asText().equals("service-key")).findFirst().orElseThrow();
                String projected = serviceKey.at("/secret/items/0/key").asText();
                assertThat(serviceKey.at("/secret/items")).as(service).hasSize(1);
                assertThat(projected).as(service).isEqualTo(service.equals("wopi-api-service") ? "private.pem" : "public.pem");
            }
        }
        assertThat(production.properties("storage-service")).containsEntry("service-auth.current.kid", "2026-11");
        assertThat(production.properties("wopi-api-service")).containsEntry("service-auth.signing.kid", "2026-11")
                .doesNotContainKey("service-auth.current.public-key");
    }

    @Test
    void imagesArePinnedAndNativeImagesAreTaggedAsSuch() {
        defaults.forEachContainer(container -> {
            assertThat(container.path("image").asText()).matches("ghcr\\.io/openwopi/[a-z-]+:0\\.1\\.0").doesNotContain("latest");
            assertThat(container.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        });
        production.forEachContainer(container ->
                assertThat(container.path("image").asText()).startsWith("registry.contoso.org/openwopi/").endsWith(":0.1.0-native"));
        assertThat(production.container("storage-service").at("/resources/limits/memory").asText()).isEqualTo("768Mi");
        assertThat(defaults.container("storage-service").at("/resources/limits/memory").asText()).isEqualTo("1Gi");
        assertThat(defaults.container("lock-service").path("env").toString()).contains("JAVA_OPTS_APPEND");
        assertThat(production.container("lock-service").path("env").toString()).doesNotContain("JAVA_OPTS_APPEND");
        // A native executable takes its runtime flags as arguments: the same heap share and exit as the JVM's.
        production.forEachContainer(container -> assertThat(texts(container.path("args")))
                .containsExactly("-XX:MaximumHeapSizePercent=60", "-XX:+ExitOnOutOfMemoryError"));
        defaults.forEachContainer(container -> assertThat(container.has("args")).isFalse());
    }

    @Test
    void podsRunAsNonRootOnAReadOnlyRootWithNoCapabilities() {
        for (JsonNode deployment : defaults.kind("Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
            JsonNode container = pod.at("/containers/0");
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(texts(container.at("/securityContext/capabilities/drop"))).containsExactly("ALL");
            // A read-only root still needs a scratch directory for the JVM and Vert.x.
            assertThat(container.path("volumeMounts").toString()).contains("\"/tmp\"");
        }
    }

    @Test
    void eachServiceReadsItsSettingsFromItsConfigMap() {
        Map<String, String> api = production.properties("wopi-api-service");
        assertThat(api).containsEntry("wopi.public-base-url", "https://wopi.contoso.org")
                .containsEntry("wopi.clients.lock.url", "http://openwopi-lock-service:8081")
                .containsEntry("wopi.clients.storage.url", "http://openwopi-storage-service:8083")
                .containsEntry("wopi.host.allowed-group", "office-users")
                .containsEntry("wopi.token.previous.kid", "2026-05")
                .containsEntry("wopi.token.ttl", "PT8H");
        assertThat(production.properties("lock-service")).containsEntry("quarkus.redis.client-type", "sentinel")
                .containsEntry("quarkus.redis.master-name", "openwopi");
        assertThat(production.properties("discovery-service"))
                .containsEntry("discovery.clients.office.url", "https://onenote.officeapps.live.com/hosting/discovery");
        assertThat(production.properties("storage-service")).containsEntry("storage.blob.type", "s3")
                .containsEntry("storage.blob.s3.bucket", "openwopi-documents")
                .containsEntry("quarkus.s3.endpoint-override", "https://s3.contoso.org")
                .containsEntry("quarkus.datasource.reactive.url", "postgresql://openwopi.db.contoso.org:5432/openwopi?sslmode=verify-full");
        assertThat(defaults.properties("storage-service")).containsEntry("storage.blob.filesystem.root", "/data/blobs");
        for (String service : SERVICES) {
            assertThat(defaults.container(service).path("env").toString()).contains("QUARKUS_CONFIG_LOCATIONS");
        }
    }

    @Test
    void groupsComeFromTheDirectoryOnlyWhenAskedWithItsSecretFromTheOidcSecret() {
        assertThat(production.properties("wopi-api-service")).containsEntry("wopi.directory.enabled", "true")
                .containsEntry("wopi.directory.client-id", "openwopi-directory");
        JsonNode secret = null;
        for (JsonNode env : production.container("wopi-api-service").path("env")) {
            if (env.path("name").asText().equals("WOPI_DIRECTORY_CLIENT_SECRET")) {
                secret = env.at("/valueFrom/secretKeyRef");
            }
        }
        assertThat(secret).as("the directory client's secret is referenced").isNotNull();
        assertThat(secret.path("name").asText()).isEqualTo("openwopi-oidc");
        assertThat(secret.path("key").asText()).isEqualTo("directory-secret");
        assertThat(defaults.properties("wopi-api-service")).doesNotContainKey("wopi.directory.enabled");
        assertThat(defaults.container("wopi-api-service").path("env").toString()).doesNotContain("WOPI_DIRECTORY");
    }

    @Test
    void moreWopiClientsTheirLaunchRulesAndTheTemplatesFolderReachTheirServices() {
        assertThat(production.properties("discovery-service"))
                .containsEntry("discovery.clients.collabora.url", "https://collabora.contoso.org/hosting/discovery")
                .containsEntry("discovery.clients.collabora.net-zone", "external-https")
                .containsEntry("discovery.default-client", "office");
        assertThat(production.properties("wopi-api-service"))
                .containsEntry("wopi.launch.rules[0].client", "collabora")
                .containsEntry("wopi.launch.rules[0].extensions", "odt,ods,odp")
                .containsEntry("wopi.launch.rules[1].client", "office")
                .doesNotContainKey("wopi.launch.rules[1].extensions")
                .containsEntry("wopi.launch.rules[2].extensions", "docx")
                .containsEntry("wopi.conversion.mode", "in-place")
                .containsEntry("wopi.templates.folder", "/etc/openwopi/templates");
        JsonNode api = production.one("Deployment", name("wopi-api-service"));
        assertThat(api.at("/spec/template/spec/volumes").toString()).contains("\"configMap\":{\"name\":\"openwopi-templates\"}");
        assertThat(production.container("wopi-api-service").path("volumeMounts").toString()).contains("/etc/openwopi/templates");
        assertThat(defaults.properties("wopi-api-service")).doesNotContainKey("wopi.templates.folder")
                .noneSatisfy((key, value) -> assertThat(key).startsWith("wopi.launch.rules"));
        assertThat(defaults.properties("discovery-service")).doesNotContainKey("discovery.default-client");
    }

    @Test
    void theFilesystemStoreGetsAVolumeThatOutlivesTheRelease() {
        JsonNode claim = defaults.one("PersistentVolumeClaim", name("storage-service") + "-blobs");
        assertThat(claim.at("/metadata/annotations/helm.sh~1resource-policy").asText()).isEqualTo("keep");
        assertThat(defaults.one("Deployment", name("storage-service")).at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(production.kind("PersistentVolumeClaim")).isEmpty();
    }

    @Test
    void telemetryIsTextLogsAndNoExportByDefaultAndJsonLogsTracesMonitorsAlertsAndADashboardInProduction() throws Exception {
        assertThat(defaults.kind("ServiceMonitor")).isEmpty();
        assertThat(defaults.kind("PrometheusRule")).isEmpty();
        assertThat(defaults.optional("ConfigMap", name("dashboard")).isMissingNode()).isTrue();
        for (String service : SERVICES) {
            assertThat(defaults.properties(service)).containsEntry("quarkus.log.console.json.enabled", "false")
                    .doesNotContainKey("quarkus.otel.exporter.otlp.traces.endpoint")
                    .doesNotContainKey("quarkus.otel.sdk.disabled");
            assertThat(egressPorts(defaults).get(service)).doesNotContain(4317);

            assertThat(production.properties(service)).containsEntry("quarkus.log.console.json.enabled", "true")
                    .containsEntry("quarkus.otel.sdk.disabled", "false")
                    .containsEntry("quarkus.otel.exporter.otlp.traces.endpoint", "http://opentelemetry-collector.monitoring.svc:4317");
            // Every service may reach the collector, and only it on that port.
            assertThat(egressPorts(production).get(service)).contains(4317);
            assertThat(production.one("NetworkPolicy", name(service)).at("/spec/egress").toString()).contains("opentelemetry-collector");
            JsonNode monitor = production.one("ServiceMonitor", name(service));
            assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo(service);
            assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
            assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
            assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        }
        // Only wopi-api-service decides what is sampled; the others follow it.
        assertThat(production.properties("wopi-api-service")).containsEntry("quarkus.otel.traces.sampler.arg", "0.05");
        assertThat(production.properties("lock-service")).doesNotContainKey("quarkus.otel.traces.sampler.arg");

        JsonNode rules = production.one("PrometheusRule", name("alerts"));
        List<String> alerts = new ArrayList<>();
        rules.at("/spec/groups/0/rules").forEach(rule -> alerts.add(rule.path("alert").asText()));
        assertThat(alerts).containsExactly("OpenWopiErrors", "OpenWopiSlowOperation", "OpenWopiLockStoreErrors",
                "OpenWopiDiscoveryStale", "OpenWopiSweepFailing", "OpenWopiAuditDropped");

        // The dashboard ConfigMap carries the file as it is.
        String shipped = production.one("ConfigMap", name("dashboard")).at("/data/openwopi.json").asText();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(shipped)).isEqualTo(json.readTree(Chart.DIR.resolve("dashboards/openwopi.json").toFile()));
    }

    private static Map<String, Set<Integer>> egressPorts(Chart.Rendered rendered) {
        Map<String, Set<Integer>> ports = new java.util.HashMap<>();
        for (String service : SERVICES) {
            Set<Integer> open = new HashSet<>();
            rendered.one("NetworkPolicy", name(service)).at("/spec/egress")
                    .forEach(rule -> rule.path("ports").forEach(p -> open.add(p.path("port").asInt())));
            ports.put(service, open);
        }
        return ports;
    }

    private static List<String> hpaTargets(Chart.Rendered rendered) {
        return rendered.kind("HorizontalPodAutoscaler").stream().map(h -> h.at("/spec/scaleTargetRef/name").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
