package org.openwopi.wopi.security.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.openwopi.wopi.config.WopiConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Mints and verifies WOPI access tokens: compact JWTs signed with ES256 by keys this service loads explicitly from
 * files. ES256 keeps a token near 400 characters (an RS256 signature alone is 342), far under Office's limit of
 * about 1,500 once URL-encoded. Tokens signed with the previous key stay valid until they expire, so a key can be
 * rotated without closing anyone's document.
 */
@ApplicationScoped
public class AccessTokens {

    private static final Logger LOG = Logger.getLogger(AccessTokens.class);

    static final String RESOURCE_CLAIM = "res";
    static final String PERMISSIONS_CLAIM = "perm";
    static final String NAME_CLAIM = "name";
    /** The WOPI client the token was handed to (whose proof keys must sign its requests). */
    static final String CLIENT_CLAIM = "wcl";
    /** Present only on FileUrl tokens ({@value #FILE_URL_USE}): they open one download and no WOPI request. */
    static final String USE_CLAIM = "use";
    static final String FILE_URL_USE = "fileurl";

    private final String issuer;
    private final java.time.Duration ttl;
    private final String currentKid;
    private final PrivateKey signingKey;
    private final Map<String, PublicKey> verificationKeys = new HashMap<>();
    private final DefaultJWTParser parser;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private final VerifiedTokens verified;
    private final LongAdder signatureChecks = new LongAdder();

    /** How many verified tokens are remembered: ~1 KB each, so at most a few tens of MB. */
    static final int REMEMBERED_TOKENS = 20_000;

    @Inject
    AccessTokens(WopiConfig config) {
        this(config, Clock.systemUTC(), REMEMBERED_TOKENS);
    }

    AccessTokens(WopiConfig config, Clock clock) {
        this(config, clock, REMEMBERED_TOKENS);
    }

    AccessTokens(WopiConfig config, Clock clock, int rememberedTokens) {
        this.clock = clock;
        WopiConfig.Token token = config.token();
        this.issuer = token.issuer();
        this.ttl = token.ttl();
        this.currentKid = token.current().kid();
        try {
            this.signingKey = KeyUtils.decodePrivateKey(read(token.current().privateKey()), SignatureAlgorithm.ES256);
            verificationKeys.put(currentKid,
                    KeyUtils.decodePublicKey(read(token.current().publicKey()), SignatureAlgorithm.ES256));
            if (token.previous().isPresent()) {
                WopiConfig.PreviousKey previous = token.previous().get();
                if (previous.kid().equals(currentKid)) {
                    throw new IllegalStateException("wopi.token.previous.kid must differ from wopi.token.current.kid");
                }
                verificationKeys.put(previous.kid(),
                        KeyUtils.decodePublicKey(read(previous.publicKey()), SignatureAlgorithm.ES256));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("wopi.token keys are not PEM EC P-256 keys: " + e.getMessage(), e);
        }
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        context.setIssuedBy(issuer);
        context.setRequiredClaims(Set.of(RESOURCE_CLAIM, PERMISSIONS_CLAIM, "sub", "exp"));
        this.parser = new DefaultJWTParser(context);
        this.verified = new VerifiedTokens(rememberedTokens, clock, context.getClockSkew());
        LOG.infof("Access tokens signed with kid %s; accepted kids %s", currentKid, verificationKeys.keySet());
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read key file " + path + ": " + e.getMessage(), e);
        }
    }

    /** A token for this user and resource, handed to this WOPI client, living the configured TTL. */
    public Minted mint(String userId, String displayName, Resource resource, Set<Permission> permissions, String client) {
        Instant expiresAt = clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return mint(new AccessToken(userId, displayName, resource, permissions, expiresAt, client));
    }

    /** A token for this user and resource, for the client {@code wopi.proof.client} names. */
    public Minted mint(String userId, String displayName, Resource resource, Set<Permission> permissions) {
        return mint(userId, displayName, resource, permissions, null);
    }

    /** A token carrying exactly this grant (used to derive folder and new-file tokens that expire with the original). */
    public Minted mint(AccessToken grant) {
        var claims = Jwt.issuer(issuer)
                .subject(grant.userId())
                .claim(RESOURCE_CLAIM, grant.resource().encode())
                .claim(PERMISSIONS_CLAIM, Permission.encode(grant.permissions()))
                .claim(NAME_CLAIM, grant.displayName() == null ? grant.userId() : grant.displayName());
        if (grant.client() != null) {
            claims.claim(CLIENT_CLAIM, grant.client());
        }
        String token = claims
                .issuedAt(clock.instant().getEpochSecond())
                .expiresAt(grant.expiresAt().getEpochSecond())
                .jws().keyId(currentKid).algorithm(SignatureAlgorithm.ES256)
                .sign(signingKey);
        return new Minted(token, grant.expiresAt().toEpochMilli(), grant);
    }

    /**
     * A FileUrl token: the grant's user and file, the right to read it and nothing else, for {@code ttl} at most (and
     * never past the grant). It carries {@link #USE_CLAIM}, so {@link #verify} refuses it: without proof headers to
     * back it, it must not open a WOPI request.
     */
    public Minted mintFileUrl(AccessToken grant, java.time.Duration ttl) {
        Instant expiresAt = clock.instant().plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (expiresAt.isAfter(grant.expiresAt())) {
            expiresAt = grant.expiresAt();
        }
        String token = Jwt.issuer(issuer)
                .subject(grant.userId())
                .claim(RESOURCE_CLAIM, grant.resource().encode())
                .claim(PERMISSIONS_CLAIM, Permission.encode(Set.of(Permission.VIEW)))
                .claim(USE_CLAIM, FILE_URL_USE)
                .issuedAt(clock.instant().getEpochSecond())
                .expiresAt(expiresAt.getEpochSecond())
                .jws().keyId(currentKid).algorithm(SignatureAlgorithm.ES256)
                .sign(signingKey);
        return new Minted(token, expiresAt.toEpochMilli(),
                new AccessToken(grant.userId(), grant.displayName(), grant.resource(), Set.of(Permission.VIEW), expiresAt));
    }

    /**
     * A FileUrl token's grant. Checked in full every time (never remembered with access tokens, so the one can never
     * be taken for the other).
     *
     * @throws InvalidTokenException as {@link #verify}, and for any token that is not a FileUrl token
     */
    public AccessToken verifyFileUrl(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("no token");
        }
        JsonWebToken jwt = parse(token);
        if (!FILE_URL_USE.equals(jwt.getClaim(USE_CLAIM))) {
            throw new InvalidTokenException("not a FileUrl token");
        }
        return grant(jwt);
    }

    /**
     * @throws InvalidTokenException when the token is missing, malformed, signed by a key we do not hold, by another
     *                               issuer, expired, or lacks our claims
     */
    public AccessToken verify(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("no access_token");
        }
        AccessToken known = verified.get(token);
        if (known != null) {
            if (verified.live(known)) {
                return known;
            }
            verified.forget(token);
            throw new InvalidTokenException("access token expired at " + known.expiresAt());
        }
        JsonWebToken jwt = parse(token);
        if (jwt.getClaim(USE_CLAIM) != null) {
            throw new InvalidTokenException("a FileUrl token is not an access token");
        }
        AccessToken grant = grant(jwt);
        verified.put(token, grant);
        return grant;
    }

    private JsonWebToken parse(String token) throws InvalidTokenException {
        PublicKey key = verificationKeys.get(kidOf(token));
        if (key == null) {
            throw new InvalidTokenException("access token signed by an unknown key");
        }
        try {
            signatureChecks.increment();
            return parser.verify(token, key);
        } catch (ParseException e) {
            throw new InvalidTokenException("access token rejected: " + rootMessage(e));
        }
    }

    private static AccessToken grant(JsonWebToken jwt) throws InvalidTokenException {
        Resource resource = Resource.decode(jwt.getClaim(RESOURCE_CLAIM));
        if (resource == null) {
            throw new InvalidTokenException("access token names no resource");
        }
        String name = jwt.getClaim(NAME_CLAIM);
        String client = jwt.getClaim(CLIENT_CLAIM);
        return new AccessToken(jwt.getSubject(), name, resource,
                Permission.decode(jwt.getClaim(PERMISSIONS_CLAIM)), Instant.ofEpochSecond(jwt.getExpirationTime()), client);
    }

    /** How many signatures were checked (not answered from memory). */
    long signatureChecks() {
        return signatureChecks.sum();
    }

    /** How many verified tokens are remembered now. */
    int rememberedTokens() {
        return verified.size();
    }

    private String kidOf(String token) throws InvalidTokenException {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot > 512) {
            throw new InvalidTokenException("access token is not a JWT");
        }
        try {
            JsonNode header = json.readTree(Base64.getUrlDecoder().decode(token.substring(0, dot)));
            JsonNode kid = header.get("kid");
            if (kid == null || !kid.isTextual()) {
                throw new InvalidTokenException("access token has no key id");
            }
            return kid.asText();
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidTokenException("access token is not a JWT");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /**
     * @param token       the compact JWT
     * @param ttlMillis   its {@code access_token_ttl}: the expiry in milliseconds since the epoch
     * @param grant       what it grants
     */
    public record Minted(String token, long ttlMillis, AccessToken grant) {
    }
}
