package org.openwopi.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Each service's container files: pinned base images, a non-root user, the port the chart expects. */
class ContainerFilesTest {

    @Test
    void everyServiceHasAJvmAndANativeContainerFileOnPinnedBasesRunningAsNonRoot() throws IOException {
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(Chart.DIR.resolve("values.yaml").toFile());
        for (String service : Chart.SERVICES) {
            int port = values.at("/services/" + service + "/port").asInt();
            for (String file : List.of("Dockerfile.jvm", "Dockerfile.native-micro")) {
                Path path = Chart.DIR.resolveSibling(service).resolve("src/main/docker").resolve(file);
                assertThat(path).as("%s %s", service, file).isRegularFile();
                List<String> lines = Files.readAllLines(path);
                List<String> bases = lines.stream().filter(l -> l.startsWith("FROM ")).map(l -> l.substring(5).trim()).toList();
                assertThat(bases).as(path.toString()).isNotEmpty().allSatisfy(base -> {
                    assertThat(base).matches(".+:[0-9][^:]*").doesNotEndWith(":latest");
                });
                List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).map(l -> l.substring(5).trim()).toList();
                assertThat(users).as(path + ": the last USER").isNotEmpty();
                assertThat(users.get(users.size() - 1)).matches("[1-9][0-9]*");
                assertThat(lines).as(path.toString()).contains("EXPOSE " + port);
            }
        }
    }
}
