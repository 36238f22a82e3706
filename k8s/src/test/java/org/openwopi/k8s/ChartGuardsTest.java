package org.openwopi.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Values that would deploy something broken do not render, and say why. */
class ChartGuardsTest {

    @Test
    void moreThanOneStorageReplicaOnAReadWriteOnceVolumeIsRefused() {
        assertThatThrownBy(() -> Chart.template(List.of(), "services.storage-service.replicas", "2"))
                .hasMessageContaining("can run one replica only").hasMessageContaining("ReadWriteMany");
    }

    @Test
    void anAutoscaledStorageServiceOnAReadWriteOnceVolumeIsRefused() {
        assertThatThrownBy(() -> Chart.template(List.of(), "services.storage-service.autoscaling.enabled", "true"))
                .hasMessageContaining("can run one replica only").hasMessageContaining("autoscaling=on");
    }

    @Test
    void storageScalesOnAReadWriteManyVolumeOrOnS3() {
        Chart.Rendered shared = Chart.render(List.of(), "objectStore.filesystem.accessMode", "ReadWriteMany",
                "services.storage-service.replicas", "3");
        assertThat(shared.one("Deployment", Chart.name("storage-service")).at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(shared.one("Deployment", Chart.name("storage-service")).at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        Chart.Rendered s3 = Chart.render(List.of(), "objectStore.type", "s3", "objectStore.s3.bucket", "docs",
                "objectStore.s3.existingSecret", "s3-credentials", "services.storage-service.autoscaling.enabled", "true");
        assertThat(s3.one("HorizontalPodAutoscaler", Chart.name("storage-service"))).isNotNull();
    }

    @Test
    void anEgressRuleThatNamesNoPeerIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path anyPostgres = dir.resolve("any-postgres.yaml");
        java.nio.file.Files.writeString(anyPostgres, "networkPolicy:\n  postgresql:\n    to: []\n");
        assertThatThrownBy(() -> Chart.template(List.of(anyPostgres.toString())))
                .hasMessageContaining("networkPolicy.postgresql.to must name where postgresql lives");
        java.nio.file.Path anyClient = dir.resolve("any-client.yaml");
        java.nio.file.Files.writeString(anyClient, "networkPolicy:\n  wopiClient:\n    to: []\n");
        assertThatThrownBy(() -> Chart.template(List.of(anyClient.toString())))
                .hasMessageContaining("networkPolicy.wopiClient.to");
    }

    @Test
    void aLaunchRuleNamingAClientNobodyConfiguredIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path rules = dir.resolve("rules.yaml");
        java.nio.file.Files.writeString(rules, "wopiClient:\n  discoveryUrl: https://office.example.com/hosting/discovery\n"
                + "  launchRules:\n    - {client: office}\n    - {client: colabora, extensions: [odt]}\n");
        assertThatThrownBy(() -> Chart.template(List.of(rules.toString())))
                .hasMessageContaining("wopiClient.launchRules[1].client \"colabora\" is none of office");
    }

    @Test
    void tracesToACollectorTheNetworkPolicyDoesNotNameAreRefused() {
        assertThatThrownBy(() -> Chart.template(List.of(), "telemetry.traces.endpoint", "http://collector:4317"))
                .hasMessageContaining("networkPolicy.traceCollector.to");
        assertThatThrownBy(() -> Chart.template(List.of(), "telemetry.traces.samplingRatio", "2"))
                .hasMessageContaining("samplingRatio");
    }

    @Test
    void aMutableImageTagIsRefused() {
        assertThatThrownBy(() -> Chart.template(List.of(), "image.tag", "latest")).hasMessageContaining("tag");
    }

    @Test
    void anIngressWithoutTlsIsRefused() {
        assertThatThrownBy(() -> Chart.template(List.of(), "ingress.tls.secretName", ""))
                .hasMessageContaining("ingress.tls.secretName is required");
    }

    @Test
    void anIngressHostOtherThanThePublicBaseUrlsIsRefused() {
        assertThatThrownBy(() -> Chart.template(List.of(), "ingress.host", "other.example.com"))
                .hasMessageContaining("must be the host of publicBaseUrl");
    }

    @Test
    void theSchemaRefusesUnknownFlavoursAndRedisModes() {
        assertThatThrownBy(() -> Chart.template(List.of(), "image.flavor", "wasm")).hasMessageContaining("flavor");
        assertThatThrownBy(() -> Chart.template(List.of(), "redis.mode", "replicated")).hasMessageContaining("mode");
    }

    @Test
    void theSchemaRefusesALoosenedSecurityContextAndUnknownValues() {
        assertThatThrownBy(() -> Chart.template(List.of(), "securityContext.readOnlyRootFilesystem", "false"))
                .hasMessageContaining("readOnlyRootFilesystem");
        assertThatThrownBy(() -> Chart.template(List.of(), "podSecurityContext.runAsNonRoot", "false"))
                .hasMessageContaining("runAsNonRoot");
        assertThatThrownBy(() -> Chart.template(List.of(), "replicaCount", "3")).hasMessageContaining("replicaCount");
    }

    @Test
    void s3WithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> Chart.template(List.of(), "objectStore.type", "s3", "objectStore.s3.bucket", "docs"))
                .hasMessageContaining("objectStore.s3.existingSecret is required");
    }
}
