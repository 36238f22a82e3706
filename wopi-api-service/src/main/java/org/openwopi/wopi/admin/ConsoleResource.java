package org.openwopi.wopi.admin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.health.Readiness;
import org.jboss.resteasy.reactive.RestQuery;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;
import org.openwopi.wopi.clients.DiscoveryClient;
import org.openwopi.wopi.clients.LockClient;
import org.openwopi.wopi.clients.StorageClient;
import org.openwopi.wopi.health.DependenciesHealthCheck;
import org.openwopi.wopi.security.access.AccessGate;
import org.openwopi.wopi.userapi.UserFiles;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The operator console ({@code /admin}, {@code admin.html}): who holds which lock now (breaking one goes through the
 * user API's {@code DELETE /api/files/{id}/lock}, which lets operators break any), each dependency's readiness and
 * each WOPI client's discovery. Operators only ({@code wopi.host.operator-group}); the recent audit events come from
 * {@code GET /admin/audit}.
 */
@Path("/admin")
@Authenticated
public class ConsoleResource {

    private static final int MAX_LOCKS = 200;

    private final SecurityIdentity identity;
    private final AccessGate gate;
    private final LockClient locks;
    private final StorageClient storage;
    private final DiscoveryClient discovery;
    private final DependenciesHealthCheck dependencies;

    ConsoleResource(SecurityIdentity identity, AccessGate gate, LockClient locks, StorageClient storage,
                    DiscoveryClient discovery, @Readiness DependenciesHealthCheck dependencies) {
        this.dependencies = dependencies;
        this.identity = identity;
        this.gate = gate;
        this.locks = locks;
        this.storage = storage;
        this.discovery = discovery;
    }

    /** The page, after sign-in (this path is authenticated, so the code flow runs first). */
    @GET
    public Response page() {
        return Response.seeOther(URI.create("/admin.html")).build();
    }

    /** A WOPI client as discovery-service knows it, with short fingerprints of its proof keys (SHA-256, 16 hex). */
    @RegisterForReflection
    public record Client(DiscoveryClient.ClientStatus discovery, String currentKey, String oldKey, Instant keysFetchedAt) {
    }

    @RegisterForReflection
    public record Status(List<DependenciesHealthCheck.State> dependencies, List<Client> clients) {
    }

    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Status> status() {
        gate.requireOperator(identity, "the console");
        Uni<List<Client>> clients = discovery.clients()
                .flatMap(found -> found.isEmpty() ? Uni.createFrom().item(List.<Client>of())
                        : Uni.join().all(found.stream().map(this::withKeys).toList()).andFailFast())
                .onFailure().recoverWithItem(List.of());
        return Uni.combine().all().unis(dependencies.states(), clients).asTuple()
                .map(both -> new Status(both.getItem1(), both.getItem2()));
    }

    private Uni<Client> withKeys(DiscoveryClient.ClientStatus status) {
        if (!status.proofKeysPresent()) {
            return Uni.createFrom().item(new Client(status, null, null, null));
        }
        return discovery.proofKeys(status.name())
                .map(keys -> new Client(status, fingerprint(keys.current()), fingerprint(keys.old()), keys.fetchedAt()))
                .onFailure().recoverWithItem(new Client(status, null, null, null));
    }

    /** What an operator compares with the WOPI client's published keys: a short hash of modulus and exponent. */
    static String fingerprint(DiscoveryClient.ProofKey key) {
        if (key == null) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((key.modulus() + "." + key.exponent()).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A lock held now, with the file's name (or null when the file is gone). */
    @RegisterForReflection
    public record HeldLock(String fileId, String fileName, String holder, String clientApp, Instant acquiredAt,
                           Instant expiresAt, long fencingToken) {
    }

    @RegisterForReflection
    public record Locks(List<HeldLock> locks, String nextCursor) {
    }

    @GET
    @Path("/locks")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Locks> locks(@RestQuery @DefaultValue("0") String cursor, @RestQuery @DefaultValue("100") int limit) {
        gate.requireOperator(identity, "the console");
        if (limit < 1 || limit > MAX_LOCKS) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "limit must be 1 to " + MAX_LOCKS);
        }
        if (cursor.length() > 40 || !cursor.chars().allMatch(Character::isDigit)) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "cursor must be the nextCursor of the previous page");
        }
        return locks.list(cursor, limit).flatMap(page -> {
            if (page.locks().isEmpty()) {
                return Uni.createFrom().item(new Locks(List.of(), page.nextCursor()));
            }
            return Uni.join().all(page.locks().stream().map(this::named).toList()).andFailFast()
                    .map(rows -> new Locks(rows, page.nextCursor()));
        }).onFailure().transform(UserFiles::translate);
    }

    private Uni<HeldLock> named(LockClient.Lock lock) {
        LockClient.Holder holder = lock.holder();
        return storage.file(lock.fileId()).map(StorageClient.FileMeta::name).onFailure().recoverWithItem((String) null)
                .map(name -> new HeldLock(lock.fileId(), name, holder == null ? null : holder.userId(),
                        holder == null ? null : holder.clientApp(), holder == null ? null : holder.acquiredAt(),
                        lock.expiresAt(), lock.fencingToken()));
    }
}
