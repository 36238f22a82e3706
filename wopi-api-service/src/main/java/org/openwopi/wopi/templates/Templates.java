package org.openwopi.wopi.templates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.openwopi.wopi.config.WopiConfig;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What a new document can start from: our blank ones ({@link BlankDocuments}) and the operator's templates in
 * {@code wopi.templates.folder}. A template is named by its file name and found only by matching that name against
 * the folder's listing, so no request can reach a file outside it (no path is ever built from what a user sent).
 */
@ApplicationScoped
public class Templates {

    /** Larger templates are not offered: a template is read whole to be written into the new file. */
    static final long MAX_TEMPLATE_BYTES = 20L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(Templates.class);

    /** The kinds of document we create, with the name a new one gets (as the desktop apps name them). */
    static final Map<String, Kind> KINDS = Map.of(
            "docx", new Kind("docx", "Word document", "New Document"),
            "xlsx", new Kind("xlsx", "Excel workbook", "New Workbook"),
            "pptx", new Kind("pptx", "PowerPoint presentation", "New Presentation"),
            "odt", new Kind("odt", "Text document", "New Document"),
            "ods", new Kind("ods", "Spreadsheet", "New Spreadsheet"),
            "odp", new Kind("odp", "Presentation", "New Presentation"));

    /** The order kinds are shown in: Microsoft's three, then ODF's. */
    static final List<String> ORDER = List.of("docx", "xlsx", "pptx", "odt", "ods", "odp");

    private final Optional<Path> folder;

    Templates(WopiConfig config) {
        this.folder = config.templates().folder().filter(f -> !f.isBlank()).map(Path::of);
    }

    @RegisterForReflection
    public record Kind(String kind, String label, String defaultName) {
    }

    /** One of the operator's templates: {@code id} is its file name, {@code name} without the extension. */
    @RegisterForReflection
    public record Template(String id, String name, String kind, long size) {
    }

    public static Optional<Kind> kind(String kind) {
        return Optional.ofNullable(kind == null ? null : KINDS.get(kind.toLowerCase(Locale.ROOT)));
    }

    /** The operator's templates of the kinds we create, by name; none when no folder is configured. */
    public Uni<List<Template>> operatorTemplates() {
        if (folder.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().item(this::list).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * A template's content, as listed by {@link #operatorTemplates} (its name was matched against the folder's
     * listing, never built from a request); read on a worker thread.
     */
    public Uni<byte[]> content(Template template) {
        return Uni.createFrom().item(() -> {
            try {
                return Files.readAllBytes(folder.orElseThrow().resolve(template.id()).toRealPath());
            } catch (java.nio.file.NoSuchFileException e) {
                // Taken away since it was listed.
                throw new org.openwopi.common.ApiException(org.openwopi.common.ErrorCode.NOT_FOUND, "no template " + template.id());
            } catch (IOException e) {
                throw new UncheckedIOException("template " + template.id() + " could not be read", e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private List<Template> list() {
        List<Template> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder.get())) {
            Path root = folder.get().toRealPath();
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                int dot = fileName.lastIndexOf('.');
                if (dot <= 0 || fileName.startsWith(".")) {
                    continue;
                }
                String kind = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
                if (!KINDS.containsKey(kind)) {
                    continue;
                }
                // A ConfigMap's files are links into the folder itself; a link that leads out of it is not a template.
                Path real;
                BasicFileAttributes attributes;
                try {
                    real = entry.toRealPath();
                    attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException dangling) {
                    continue;
                }
                if (!real.startsWith(root) || !attributes.isRegularFile() || attributes.size() > MAX_TEMPLATE_BYTES) {
                    continue;
                }
                found.add(new Template(fileName, fileName.substring(0, dot), kind, attributes.size()));
            }
        } catch (IOException e) {
            // A folder that is missing or unreadable offers nothing; the operator learns why from the log.
            LOG.warnf("Templates folder %s cannot be read: %s", folder.get(), e.toString());
            return List.of();
        }
        found.sort(Comparator.comparing(Template::name, String.CASE_INSENSITIVE_ORDER).thenComparing(Template::id));
        return found;
    }
}
