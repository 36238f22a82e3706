package org.openwopi.wopi.security.access;

import java.util.EnumSet;
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
 * <p>A decision is a {@link Role} of a user on an item, and the permissions that role allows. Today a user owns what
 * they made and has no role on anything else; shares will add roles here without changing a caller. An item the user
 * has no role on is answered as unknown (404): nobody learns whether another user's file exists. A role that does not
 * allow what is asked is refused with 403 (the user API) or 401 (WOPI, which the specification asks for).
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
    private final Optional<String> officeGroup;
    private final String operatorGroup;
    private final ConcurrentHashMap<String, ContainerMeta> homes = new ConcurrentHashMap<>();

    AccessGate(StorageClient storage, WopiConfig config) {
        this.storage = storage;
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

    /** Whether the signed-in user is an operator ({@code wopi.host.operator-group}), who may break anyone's lock. */
    public boolean operator(SecurityIdentity identity) {
        return identity.hasRole(operatorGroup);
    }

    /** The user's role on a file. */
    public Role role(String userId, FileMeta file) {
        return userId != null && userId.equals(file.ownerId()) ? Role.OWNER : Role.NONE;
    }

    /** The user's role on a folder. */
    public Role role(String userId, ContainerMeta folder) {
        return userId != null && userId.equals(folder.ownerId()) ? Role.OWNER : Role.NONE;
    }

    /** The file, when the user's role on it allows {@code need}; 404 without a role, 403 when it falls short. */
    public Uni<FileMeta> file(String userId, String fileId, Permission need) {
        return storage.file(fileId).map(file -> {
            check(role(userId, file), need, "file", fileId);
            return file;
        });
    }

    /** The folder ({@code root}: the user's home), when the user's role on it allows {@code need}. */
    public Uni<ContainerMeta> folder(String userId, String folderId, Permission need) {
        Uni<ContainerMeta> folder = ROOT.equals(folderId) ? home(userId) : storage.container(folderId);
        return folder.map(found -> {
            check(role(userId, found), need, "folder", folderId);
            return found;
        });
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
     * A token for another item, handed out inside a WOPI answer (a folder's children, a new file, an ancestor): the
     * same user, with what both the grant and the user's role on that item allow, never more than either.
     */
    public AccessToken derive(AccessToken grant, Resource other, Role roleOnOther) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        permissions.addAll(grant.permissions());
        permissions.retainAll(roleOnOther.permissions());
        return new AccessToken(grant.userId(), grant.displayName(), other, permissions, grant.expiresAt());
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
