package org.openwopi.wopi.templates;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.wopi.clients.BytesBody;
import org.openwopi.wopi.clients.DependencyException;
import org.openwopi.wopi.clients.DiscoveryClient.ActionInfo;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.userapi.ClientRules;
import org.openwopi.wopi.userapi.UserApiResource;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * New documents. A WOPI client with {@code editnew} for the kind (Microsoft's) gets an empty file and opens it with
 * that action, which makes the document; any other (Collabora, ONLYOFFICE) gets a file that already holds one of
 * our blank documents, opened for editing. An operator's template is copied into the new file whatever the client.
 */
@ApplicationScoped
public class NewDocuments {

    public static final String EDITNEW = "editnew";

    private final AccessGate gate;
    private final StorageClient storage;
    private final ClientRules rules;
    private final Templates templates;

    NewDocuments(AccessGate gate, StorageClient storage, ClientRules rules, Templates templates) {
        this.gate = gate;
        this.storage = storage;
        this.rules = rules;
        this.templates = templates;
    }

    /**
     * One line of the "New" menu.
     *
     * @param template the operator template's id, null for a blank document
     * @param client   the WOPI client that will open it, and {@code app} the client's app for it
     * @param opens    the action it opens with: {@code editnew}, or {@code edit} when the file is made here
     */
    @RegisterForReflection
    public record Choice(String kind, String label, String name, String template, String client, String app,
                         String opens) {
    }

    @RegisterForReflection
    public record Menu(List<Choice> blank, List<Choice> templates) {
    }

    /** A new file and where to open it ({@code hostUrl}: our host page with the action and client chosen). */
    @RegisterForReflection
    public record Created(UserApiResource.FileEntry file, String hostUrl, String client, String opens) {
    }

    /** What can be created here: each kind some WOPI client the rules allow can create, and the templates of those kinds. */
    public Uni<Menu> menu() {
        List<Uni<Optional<ActionInfo>>> asks = Templates.ORDER.stream().map(this::creator).toList();
        return Uni.join().all(asks).andFailFast().flatMap(creators -> templates.operatorTemplates().map(found -> {
            List<Choice> blank = new ArrayList<>();
            for (int i = 0; i < Templates.ORDER.size(); i++) {
                Templates.Kind kind = Templates.KINDS.get(Templates.ORDER.get(i));
                creators.get(i).ifPresent(client -> blank.add(choice(kind, client)));
            }
            List<Choice> fromTemplates = new ArrayList<>();
            for (Templates.Template template : found) {
                Templates.Kind kind = Templates.KINDS.get(template.kind());
                blank.stream().filter(c -> c.kind().equals(kind.kind())).findFirst().ifPresent(creator -> fromTemplates
                        .add(new Choice(kind.kind(), kind.label(), template.name(), template.id(), creator.client(),
                                creator.app(), "edit")));
            }
            return new Menu(blank, fromTemplates);
        }));
    }

    /**
     * Creates the document in the folder (the user must be allowed to create there); a name already taken there gets
     * " (2)", " (3)", ... as on the desktop.
     *
     * @param kind     docx, xlsx, pptx, odt, ods or odp; may be left out when {@code template} is given
     * @param template an operator template's id, or null for a blank document
     * @param name     the new file's name without extension, or null for "New Document" and the like
     */
    public Uni<Created> create(String userId, String folderId, String kind, String template, String name) {
        String wanted = kind == null ? null : kind.toLowerCase(Locale.ROOT);
        if (wanted == null && template == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "say what to create: kind=" + String.join("|", Templates.ORDER)
                    + " or template=<id>");
        }
        if (wanted != null && Templates.kind(wanted).isEmpty()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "kind must be one of " + String.join(", ", Templates.ORDER));
        }
        // The gate first: nothing about templates or clients is told to someone who may not create here.
        return gate.folder(userId, folderId, Permission.CREATE).flatMap(folder -> source(wanted, template)
                .flatMap(source -> creator(source.kind().kind()).flatMap(creator -> {
                    ActionInfo client = creator.orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                            "no WOPI client here creates or edits ." + source.kind().kind() + " files"));
                    boolean editNew = source.content() == null && createsItself(client);
                    byte[] content = source.content() != null ? source.content()
                            : editNew ? new byte[0] : BlankDocuments.of(source.kind().kind());
                    String fileName = fileName(name, source.defaultName(), source.kind().kind());
                    String opens = editNew ? EDITNEW : "edit";
                    return createFreely(fileName, userId, folder.id(), content, true)
                            .map(file -> new Created(UserApiResource.entry(file, null), "/host/" + file.id() + "?action="
                                    + opens + "&client=" + URLEncoder.encode(client.client(), StandardCharsets.UTF_8),
                                    client.client(), opens));
                })));
    }

    /** A free name, then the file; when someone takes that name in between, the next free one, once. */
    private Uni<FileMeta> createFreely(String fileName, String userId, String folderId, byte[] content, boolean retry) {
        return storage.freeName(folderId, fileName)
                .flatMap(free -> storage.create(free, userId, folderId, BytesBody.of(content)))
                .onFailure(f -> retry && f instanceof DependencyException d && d.status() == 409)
                .recoverWithUni(taken -> createFreely(fileName, userId, folderId, content, false));
    }

    private static String fileName(String requested, String defaultName, String kind) {
        String base = requested == null || requested.isBlank() ? defaultName : requested.strip();
        String suffix = "." + kind;
        if (base.toLowerCase(Locale.ROOT).endsWith(suffix)) {
            base = base.substring(0, base.length() - suffix.length());
        }
        if (base.isBlank()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the name is empty");
        }
        return base + suffix;
    }

    private Uni<Source> source(String kind, String template) {
        if (template == null) {
            Templates.Kind found = Templates.KINDS.get(kind);
            return Uni.createFrom().item(new Source(found, found.defaultName(), null));
        }
        return templates.operatorTemplates().flatMap(found -> {
            Templates.Template chosen = found.stream().filter(t -> t.id().equals(template)).findFirst()
                    .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no template " + template));
            if (kind != null && !kind.equals(chosen.kind())) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "the template " + template + " is not a ." + kind + " file");
            }
            return templates.content(chosen).map(content -> new Source(Templates.KINDS.get(chosen.kind()), chosen.name(),
                    content));
        });
    }

    /** The first client the rules allow that creates the kind ({@code editnew}) or, failing that, edits it. */
    private Uni<Optional<ActionInfo>> creator(String kind) {
        return rules.offers(kind, EDITNEW).map(offers -> offers.stream().findFirst());
    }

    /** Whether the client makes the document itself ({@code editnew}, not the {@code edit} it falls back to). */
    private static boolean createsItself(ActionInfo client) {
        return EDITNEW.equals(client.name());
    }

    /** A blank document of the kind, by the client that creates it. */
    private static Choice choice(Templates.Kind kind, ActionInfo client) {
        return new Choice(kind.kind(), kind.label(), kind.defaultName(), null, client.client(), client.app(),
                createsItself(client) ? EDITNEW : "edit");
    }

    private record Source(Templates.Kind kind, String defaultName, byte[] content) {
    }
}
