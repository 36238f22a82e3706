package org.openwopi.wopi.security.access;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.clients.StorageClient.ContainerMeta;
import org.openwopi.wopi.clients.StorageClient.FileMeta;
import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.security.token.AccessToken;
import org.openwopi.wopi.security.token.Permission;
import org.openwopi.wopi.security.token.Resource;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The one place that decides who may do what with a file or folder: the user API, its streaming routes, the host
 * page, the launch call and every WOPI operation ask here, and nothing else decides.
 *
 * <p>A decision is a {@link Role} of a user on an item, and the permissions that role allows: the owner of an item
 * (everything beneath a user's home is theirs) is its {@code OWNER}; anyone else has the strongest role their shares
 * give them, on the item itself or on any folder above it, directly or through a group they were last seen in
 * (storage-service keeps shares and groups; README, "Sharing and permissions"); nobody else has any. An item the
 * user has no role on is answered as unknown (404): nobody learns whether another user's file exists. A role that
 * does not allow what is asked is refused with 403 (the user API) or 401 (WOPI, which the specification asks for).
 *
 * <p>For WOPI, the gate's earlier decision travels in the access token it minted: the token names one item, one user
 * and the permissions the gate granted, and every WOPI request is held to exactly that.
 */
@ApplicationScoped
public class AccessGate {

    /** The name the APIs use for the user's top level. */
    public static final String ROOT = "root";

    /** Actions of a WOPI client that only ever show a document: their tokens carry no right to change anything. */
    private static final Set<String> VIEW_ONLY_ACTIONS = Set.of("embedview", "imagepreview", "interactivepreview",
            "mobileview", "present", "presentservice", "attendservice", "attend", "syncpresentation", "preloadview",
            "getinfo", "rtc");

    /** Users' home folder ids, which never change; bounded, and simply forgotten when full. */
    private static final int MAX_REMEMBERED_HOMES = 100_000;

    private final StorageClient storage;
    private final People people;
    private final Optional<String> officeGroup;
    private final String operatorGroup;
    private final ConcurrentHashMap<String, ContainerMeta> homes = new ConcurrentHashMap<>();
    /** Recent roles behind tokens that came from shares, by user and item; bounded like {@link #homes}. */
    private final ConcurrentHashMap<String, Rechecked> rechecked = new ConcurrentHashMap<>();
    private final long recheckNanos;

    private record Rechecked(Role role, long at) {
    }

    AccessGate(StorageClient storage, People people, WopiConfig config) {
        this.storage = storage;
        this.people = people;
        this.recheckNanos = config.token().recheckShared().toNanos();
        this.officeGroup = config.host().allowedGroup();
        this.operatorGroup = config.host().operatorGroup();
    }

    /**
     * Whether the signed-in user may open documents in the WOPI client at all ({@code wopi.host.allowed-group}).
     *
     * @return empty when they may, else the group they would need
     */
    public Optional<String> officeRefused(SecurityIdentity identity) {
        return officeGroup.filter(group -> !identity.hasRole(group));
    }

    /** Refuses (403, naming the group) a user who may not open documents in Office, nor make one to open there. */
    public void requireOfficeGroup(SecurityIdentity identity) {
        officeRefused(identity).ifPresent(group -> {
            throw new org.openwopi.common.ApiException(org.openwopi.common.ErrorCode.FORBIDDEN,
                    "opening documents in Office is limited to members of the group " + group);
        });
    }

    /** Whether the signed-in user is an operator ({@code wopi.host.operator-group}), who may break anyone's lock. */
    public boolean operator(SecurityIdentity identity) {
        return identity.hasRole(operatorGroup);
    }

    /** Refuses (403) anyone but an operator: the console, the whole audit trail. */
    public void requireOperator(SecurityIdentity identity, String what) {
        if (!operator(identity)) {
            throw new org.openwopi.common.ApiException(org.openwopi.common.ErrorCode.FORBIDDEN,
                    what + " is for operators (members of " + operatorGroup + ")");
        }
    }

    /** A decision: the item and the user's role on it. */
    public record Granted<T>(T item, Role role) {
    }

    /** The user's role on a file: its owner's, else the strongest their shares give (on it or a folder above it). */
    public Uni<Role> role(String userId, FileMeta file) {
        if (userId == null) {
            return Uni.createFrom().item(Role.NONE);
        }
        if (userId.equals(file.ownerId())) {
            return Uni.createFrom().item(Role.OWNER);
        }
        return storage.sharedRole("file", file.id(), userId).map(Role::ofShare);
    }

    /** The user's role on a folder; another user's home (their whole top level) is never shared. */
    public Uni<Role> role(String userId, ContainerMeta folder) {
        if (userId == null) {
            return Uni.createFrom().item(Role.NONE);
        }
        if (userId.equals(folder.ownerId())) {
            return Uni.createFrom().item(Role.OWNER);
        }
        if (folder.home()) {
            return Uni.createFrom().item(Role.NONE);
        }
        return storage.sharedRole("folder", folder.id(), userId).map(Role::ofShare);
    }

    /** The file, when the user's role on it allows {@code need}; 404 without a role, 403 when it falls short. */
    public Uni<FileMeta> file(String userId, String fileId, Permission need) {
        return fileAccess(userId, fileId, need).map(Granted::item);
    }

    /** As {@link #file}, with the role the decision found. */
    public Uni<Granted<FileMeta>> fileAccess(String userId, String fileId, Permission need) {
        return storage.file(fileId).flatMap(file -> role(userId, file).map(role -> {
            check(role, need, "file", fileId);
            return new Granted<>(file, role);
        }));
    }

    /** The folder ({@code root}: the user's home), when the user's role on it allows {@code need}. */
    public Uni<ContainerMeta> folder(String userId, String folderId, Permission need) {
        return folderAccess(userId, folderId, need).map(Granted::item);
    }

    /** As {@link #folder}, with the role the decision found. */
    public Uni<Granted<ContainerMeta>> folderAccess(String userId, String folderId, Permission need) {
        Uni<ContainerMeta> folder = ROOT.equals(folderId) ? home(userId) : storage.container(folderId);
        return folder.flatMap(found -> role(userId, found).map(role -> {
            check(role, need, "folder", folderId);
            return new Granted<>(found, role);
        }));
    }

    /**
     * The folders above an item the user may see, each with their role, top first: all of them for the owner; for
     * someone it is shared with, those from the highest one shared with them (a share reaches down, never up).
     */
    public Uni<List<Granted<ContainerMeta>>> visible(String userId, List<ContainerMeta> folders) {
        if (folders.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Granted<ContainerMeta>>> decisions = new ArrayList<>();
        for (ContainerMeta folder : folders) {
            decisions.add(role(userId, folder).map(role -> new Granted<>(folder, role)));
        }
        return Uni.join().all(decisions).andFailFast()
                .map(all -> all.stream().filter(granted -> granted.role() != Role.NONE).toList());
    }

    /** The user's home folder: their top level. */
    public Uni<ContainerMeta> home(String userId) {
        ContainerMeta known = homes.get(userId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return storage.home(userId).invoke(home -> {
            if (homes.size() >= MAX_REMEMBERED_HOMES) {
                homes.clear();
            }
            homes.put(userId, home);
        });
    }

    private static void check(Role role, Permission need, String kind, String id) {
        if (role == Role.NONE) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no " + kind + " " + id);
        }
        if (!role.allows(need)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "your access to this " + kind + " does not allow "
                    + need.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The WOPI client action to open for a user who asked for {@code action}: someone who may not edit the file is
     * sent to {@code view} instead of {@code edit}/{@code editnew}, which Office would otherwise open and then refuse.
     */
    public String actionFor(Role role, String action) {
        boolean editing = "edit".equalsIgnoreCase(action) || "editnew".equalsIgnoreCase(action);
        return editing && !role.allows(Permission.EDIT) ? "view" : action;
    }

    /**
     * What a token minted for a WOPI client's action may do: a role's permissions, narrowed to viewing for the
     * actions that only show a document. {@code view} keeps the role's rights, so that CheckFileInfo tells Office
     * the user may switch to editing (as the specification intends).
     */
    public Set<Permission> forAction(Role role, String action) {
        Set<Permission> permissions = role.permissions();
        if (action != null && VIEW_ONLY_ACTIONS.contains(action.toLowerCase(Locale.ROOT))) {
            permissions.retainAll(EnumSet.of(Permission.VIEW));
        }
        return permissions;
    }

    /**
     * A token for an item beneath the granted one (a folder's child, a new file or folder in it), without asking
     * storage-service: a share reaches everything beneath it, so the user's role there is at least the one the grant
     * came from; an owner's stays an owner's, anyone else's never grows past an editor's.
     */
    public AccessToken beneath(AccessToken grant, Resource other, String ownerOfOther) {
        Role role = grant.userId().equals(ownerOfOther) ? Role.OWNER : Role.EDITOR;
        return derive(grant, other, role);
    }

    /**
     * A token for another item, handed out inside a WOPI answer (a folder's children, a new file, an ancestor): the
     * same user, with what both the grant and the user's role on that item allow, never more than either.
     */
    public AccessToken derive(AccessToken grant, Resource other, Role roleOnOther) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        permissions.addAll(grant.permissions());
        permissions.retainAll(roleOnOther.permissions());
        return new AccessToken(grant.userId(), grant.displayName(), other, permissions, grant.expiresAt(), grant.client());
    }

    /**
     * The WOPI request's token as the user's role allows it now. A token minted for an owner (it carries
     * {@link Permission#SHARE}) and one for the user's own top level or ecosystem hold as minted; any other came
     * from a share, or from a view-only action, and is narrowed to the user's current role on its item, which is
     * asked again once {@code wopi.token.recheck-shared} has passed: a withdrawn share answers 401 from then on, a
     * narrowed one no longer writes. With a directory, the user's groups are brought up to date first
     * ({@link People#current}), so leaving a group counts too, within the re-check plus {@code wopi.directory.max-age}.
     */
    public Uni<AccessToken> current(AccessToken token) {
        Resource resource = token.resource();
        if (token.can(Permission.SHARE) || resource.kind() == Resource.Kind.ECOSYSTEM || ROOT.equals(resource.id())) {
            return Uni.createFrom().item(token);
        }
        String key = token.userId() + '\n' + resource.encode();
        Rechecked known = rechecked.get(key);
        long now = System.nanoTime();
        if (known != null && now - known.at() < recheckNanos) {
            return Uni.createFrom().item(narrowed(token, known.role()));
        }
        // The person's groups first, as the directory names them now (when there is one): a share may reach them
        // through a group they have left since.
        Uni<Role> role = people.current(token.userId()).flatMap(ignored -> resource.kind() == Resource.Kind.FILE
                ? storage.file(resource.id()).flatMap(file -> role(token.userId(), file))
                : storage.container(resource.id()).flatMap(folder -> role(token.userId(), folder)));
        return role.map(found -> {
            if (rechecked.size() >= MAX_REMEMBERED_HOMES) {
                rechecked.clear();
            }
            rechecked.put(key, new Rechecked(found, now));
            return narrowed(token, found);
        });
    }

    private static AccessToken narrowed(AccessToken token, Role role) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        permissions.addAll(token.permissions());
        permissions.retainAll(role.permissions());
        if (permissions.isEmpty()) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "your access to this item was withdrawn");
        }
        return new AccessToken(token.userId(), token.displayName(), token.resource(), permissions, token.expiresAt(),
                token.client());
    }

    /** Whether a WOPI request's token opens the item the request names ({@code kind} null: the ecosystem). */
    public boolean inScope(AccessToken token, Resource.Kind kind, String id) {
        if (kind == null) {
            // Any of the user's tokens may open their ecosystem: it only leads to what the gate lets them see.
            return true;
        }
        Resource resource = token.resource();
        return resource.kind() == kind && resource.id().equals(id);
    }

    /** Whether the token allows {@code permission} on its item. */
    public static boolean allows(AccessToken token, Permission permission) {
        return token.permissions().contains(permission);
    }
}
