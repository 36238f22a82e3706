package org.openwopi.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * The chart in this module's directory, rendered by Helm itself (helm-java bundles the Helm library: no binary, no
 * cluster, no network), parsed into the objects a cluster would receive.
 */
final class Chart {

    static final Path DIR = Path.of("").toAbsolutePath();
    static final String RELEASE = "openwopi";
    static final List<String> SERVICES = List.of("wopi-api-service", "lock-service", "discovery-service", "storage-service");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Chart() {
    }

    static Helm helm() {
        return new Helm(DIR);
    }

    /** Renders with the chart's defaults, then the given values files, then --set pairs (key, value, key, value...). */
    static Rendered render(List<String> valuesFiles, Object... sets) {
        return new Rendered(template(valuesFiles, sets));
    }

    /** The rendering's text, or Helm's error as an exception (a failed guard, a schema violation). */
    static String template(List<String> valuesFiles, Object... sets) {
        // A current cluster version: the library otherwise assumes Kubernetes 1.20, which the chart does not support.
        TemplateCommand command = helm().template().withName(RELEASE).withNamespace("openwopi").withKubeVersion("v1.31.0");
        for (String file : valuesFiles) {
            command = command.withValuesFile(DIR.resolve(file));
        }
        for (int i = 0; i < sets.length; i += 2) {
            command = command.set((String) sets[i], sets[i + 1]);
        }
        return command.call();
    }

    static String name(String service) {
        return RELEASE + "-" + service;
    }

    /** What one rendering produced. */
    static final class Rendered {

        final String text;
        final List<JsonNode> objects = new ArrayList<>();

        Rendered(String text) {
            this.text = text;
            try (YAMLParser parser = new YAMLFactory().createParser(text)) {
                for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                    if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                        objects.add(doc);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the chart rendered text that is not YAML:\n" + text, e);
            }
        }

        List<JsonNode> kind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        JsonNode one(String kind, String name) {
            List<JsonNode> found = kind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).toList();
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind + " " + name + ", found " + found.size());
            }
            return found.get(0);
        }

        JsonNode optional(String kind, String name) {
            return kind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst()
                    .orElse(MissingNode.getInstance());
        }

        JsonNode container(String service) {
            return one("Deployment", name(service)).at("/spec/template/spec/containers/0");
        }

        /** The application.properties a service reads, as key → value. */
        Map<String, String> properties(String service) {
            String text = one("ConfigMap", name(service) + "-config").at("/data/application.properties").asText();
            Map<String, String> properties = new LinkedHashMap<>();
            text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(line -> {
                int eq = line.indexOf('=');
                properties.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            });
            return properties;
        }

        void forEachContainer(Consumer<JsonNode> check) {
            kind("Deployment").forEach(d -> d.at("/spec/template/spec/containers").forEach(check));
        }

        /** Keeps the rendering for the schema check .ci/run makes (k8s/validate-schemas.mjs). */
        Rendered saveAs(String file) {
            try {
                Path target = DIR.resolve("target/rendered").resolve(file);
                Files.createDirectories(target.getParent());
                Files.writeString(target, text);
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
