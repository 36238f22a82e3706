package org.openwopi.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarkusAppServerTest {

    private static final String REBUILD = "./mvnw -B install -DskipTests -pl storage-service -am";

    @Test
    void aNativeExecutableOlderThanItsSourcesIsRefused(@TempDir Path root) throws Exception {
        Path executable = root.resolve("storage-service/target/storage-service-0.1.0-runner");
        Path source = root.resolve("storage-service/src/main/resources/application.properties");
        for (Path file : new Path[] {executable, source}) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
        }
        Instant now = Instant.now();
        Files.setLastModifiedTime(executable, FileTime.from(now.minusSeconds(60)));
        Files.setLastModifiedTime(source, FileTime.from(now));

        assertThatThrownBy(() -> QuarkusAppServer.refuseStale("storage-service", executable, "scripts/build-native.sh"))
                .hasMessageContaining("older than").hasMessageContaining("scripts/build-native.sh");

        Files.setLastModifiedTime(executable, FileTime.from(now.plusSeconds(1)));
        assertThatCode(() -> QuarkusAppServer.refuseStale("storage-service", executable, "scripts/build-native.sh"))
                .doesNotThrowAnyException();
    }

    @Test
    void aPackagedServiceOlderThanItsSourcesIsRefused(@TempDir Path root) throws Exception {
        Path module = root.resolve("storage-service");
        Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
        Path source = module.resolve("src/main/java/Service.java");
        Path common = root.resolve("wopi-common/src/main/java/Shared.java");
        for (Path file : new Path[] {jar, source, common}) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x");
        }
        Instant now = Instant.now();
        Files.setLastModifiedTime(jar, FileTime.from(now.minusSeconds(60)));
        Files.setLastModifiedTime(source, FileTime.from(now));
        Files.setLastModifiedTime(common, FileTime.from(now.minusSeconds(120)));

        assertThatThrownBy(() -> QuarkusAppServer.refuseStale("storage-service", jar.getParent(), REBUILD))
                .hasMessageContaining("older than").hasMessageContaining("src/main").hasMessageContaining("-pl storage-service");

        Files.setLastModifiedTime(jar, FileTime.from(now.plusSeconds(1)));
        assertThatCode(() -> QuarkusAppServer.refuseStale("storage-service", jar.getParent(), REBUILD)).doesNotThrowAnyException();

        // wopi-common is inside every service: a change there makes every packaged service stale.
        Files.setLastModifiedTime(common, FileTime.from(now.plusSeconds(5)));
        assertThatThrownBy(() -> QuarkusAppServer.refuseStale("storage-service", jar.getParent(), REBUILD)).hasMessageContaining("wopi-common");
    }
}
