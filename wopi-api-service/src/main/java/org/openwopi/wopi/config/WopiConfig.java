package org.openwopi.wopi.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** wopi-api-service's own settings; every key is documented in the service README. */
@ConfigMapping(prefix = "wopi")
public interface WopiConfig {

    /**
     * The public URL Office calls us at, as the ingress exposes it (e.g. {@code https://wopi.example.com}). Proofs
     * are signed over this URL, and every URL we hand out (WOPISrc, container and host page URLs) starts with it.
     */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    Token token();

    Proof proof();

    /** The largest file name CheckFileInfo announces (FileNameMaxLength); storage-service enforces its own. */
    @WithDefault("250")
    int fileNameMaxLength();

    /** BreadcrumbBrandName in CheckFileInfo. */
    @WithDefault("OpenWOPI")
    String brandName();

    /** Where a user lands when closing Office (CloseUrl); relative to the public base URL unless absolute. */
    @WithDefault("/")
    String closeUrl();

    /**
     * How long a FileUrl (CheckFileInfo's direct download link, served at {@code /fileurl/{id}}) stays valid; never
     * past the access token it was made for. Office reads it right after CheckFileInfo.
     */
    @WithDefault("PT5M")
    Duration fileUrlTtl();

    /** The most bytes a PutUserInfo body may carry (the WOPI limit is 1024 characters). */
    @WithDefault("4096")
    int maxUserInfoBytes();

    /** The user-facing side: host page, web UI and user API. */
    Host host();

    /** Which WOPI client opens which files, when discovery-service knows several. */
    Launch launch();

    interface Launch {
        /**
         * Ordered rules, e.g. {@code wopi.launch.rules[0].extensions=odt,ods,odp} with {@code [0].client=collabora},
         * then {@code wopi.launch.rules[1].client=office}. A file opens in the first client whose rule matches its
         * extension and the action and which offers that action for it; every matching client that does is offered
         * under "Open with…". No rules: every file opens in {@code wopi.proof.client}'s client.
         */
        Optional<java.util.List<Rule>> rules();

        interface Rule {
            /** The WOPI client, as discovery-service names it ({@code discovery.clients.<name>}). */
            String client();

            /** File extensions (no dot, any case) the rule applies to; unset: every extension. */
            Optional<java.util.List<String>> extensions();

            /** Actions (view, edit, editnew, convert, ...) the rule applies to; unset: every action. */
            Optional<java.util.List<String>> actions();
        }
    }

    /** The audit trail: who did what to which document (kept by storage-service). */
    Audit audit();

    interface Audit {
        /**
         * Events waiting to be sent to storage-service. Recording never waits: when it is full (storage-service down
         * for long), new events are dropped, counted in {@code wopi_audit_dropped_total} and logged.
         */
        @WithDefault("10000")
        int queueSize();

        /** How often the waiting events are sent, in batches of up to 500. */
        @WithDefault("PT1S")
        java.time.Duration flushInterval();

        /** Also write each event as a JSON line to the log category {@code openwopi.audit}, for a SIEM. */
        @WithDefault("false")
        boolean log();
    }

    /** Creating new documents ("New" in the web UI, {@code POST /api/files/new}). */
    Templates templates();

    interface Templates {
        /**
         * A folder of the operator's templates ({@code Letter.docx}, {@code Budget.xlsx}, ...), offered next to the
         * blank documents; read when asked, so templates can be added without a restart. Unset: blank ones only.
         */
        Optional<String> folder();
    }

    /** Converting legacy files (.doc, .xls, .ppt) through the WOPI client's {@code convert} action. */
    Conversion conversion();

    interface Conversion {
        /**
         * {@code in-place}: the converted file replaces the legacy one as a new version of the same file (its name
         * takes the new extension; the legacy content stays restorable from its versions). {@code copy}: the
         * converted file is a new file next to it and the legacy one is left as it was.
         */
        @WithDefault("in-place")
        Mode mode();

        /** Written {@code in-place} or {@code copy} (SmallRye Config maps the hyphenated form). */
        enum Mode {
            IN_PLACE,
            COPY
        }
    }

    /** Where people's groups are read when the identity provider can be asked directly. */
    Directory directory();

    interface Directory {
        /**
         * Read each person's groups from the identity provider's directory (Keycloak's admin API, on the realm of
         * {@code quarkus.oidc.auth-server-url}) instead of from their sign-in tokens, so that someone removed from a
         * group loses what the group was shared within a bounded time, even in an Office session that is already
         * open. Off: groups are those of the person's latest user-API request.
         */
        @WithDefault("false")
        boolean enabled();

        /** The realm's URL, {@code {keycloak}/realms/{realm}}; unset: {@code quarkus.oidc.auth-server-url}. */
        Optional<String> realmUrl();

        /** The confidential client whose service account may view users (Keycloak's realm-management view-users). */
        Optional<String> clientId();

        /** Its secret (from a Secret in Kubernetes). */
        Optional<String> clientSecret();

        /**
         * How old a person's groups may be before the directory is asked again. Together with
         * {@code wopi.token.recheck-shared} it bounds how long a removal from a group takes to stop an open session.
         */
        @WithDefault("PT30S")
        Duration maxAge();

        /** How long one call to the directory may take. */
        @WithDefault("PT5S")
        Duration timeout();
    }

    /** Limits on uploads (PutFile, PutRelativeFile, CreateChildFile and the user API's), so no user can starve others. */
    Uploads uploads();

    interface Uploads {
        /** Uploads one user may have under way at once (per replica); more are answered 429 with Retry-After. */
        @WithDefault("4")
        int perUser();

        /**
         * Uploads under way at once on this replica, all users together (each holds one connection to
         * storage-service); more are answered 429 rather than queued behind them.
         */
        @WithDefault("128")
        int total();

        /** An upload must bring at least {@link #minProgressBytes()} within every window of this length, or it ends (408). */
        @WithDefault("PT30S")
        Duration progressWindow();

        /** See {@link #progressWindow()}: 16 KiB per 30 s is far below any real connection. */
        @WithDefault("16384")
        long minProgressBytes();
    }

    interface Host {
        /**
         * When set, only members of this group (the OIDC token's {@code groups} claim) may open files in the WOPI
         * client; others get a page saying why. Unset: every signed-in user may.
         */
        Optional<String> allowedGroup();

        /** Members of this group may break anyone's lock (the "unlock manually" button). */
        @WithDefault("wopi-operators")
        String operatorGroup();

        /**
         * Business-user flow: the IsLicensedUser / BUSINESS_USER placeholder of action URLs, and
         * LicenseCheckForEditIsEnabled in CheckFileInfo (Microsoft 365 then checks the user's licence to edit).
         */
        @WithDefault("true")
        boolean businessUser();

        /** The WOPI client's UI language (UI_LLCC, DC_LLCC); unset: the browser's Accept-Language, else en-US. */
        Optional<String> uiLanguage();

        /**
         * A proxy in front of the WOPI client (like ownCloud's Office 365 proxy): action URLs are sent to this
         * origin instead of the client's own, path and query kept.
         */
        Optional<String> clientProxyUrl();
    }

    interface Token {
        /** The {@code iss} of the tokens we mint, and the only one we accept. */
        @WithDefault("openwopi-wopi-api")
        String issuer();

        /** How long a token lives; longer than a lock's TTL so an editing session outlives lock refreshes. */
        @WithDefault("PT10H")
        Duration ttl();

        /**
         * How long the access gate's answer for a token that came from a share is trusted: such a token (one without
         * the owner's right to share) is held against the user's current role again once this is past, so a
         * withdrawn or narrowed share stops a token already handed out within it. Owners' tokens are not re-checked.
         */
        @WithDefault("PT30S")
        Duration recheckShared();

        /** The signing key: a PEM (PKCS#8) EC P-256 private key and its public key, with the kid tokens carry. */
        Key current();

        /** The key used before the last rotation: tokens it signed stay valid until they expire. */
        Optional<PreviousKey> previous();
    }

    interface Key {
        String kid();

        /** Path of the PEM private key. */
        String privateKey();

        /** Path of the PEM public key. */
        String publicKey();
    }

    interface PreviousKey {
        String kid();

        /** Path of the PEM public key. */
        String publicKey();
    }

    interface Proof {
        /**
         * Check X-WOPI-Proof on every WOPI request. Turn it off only for a WOPI client that does not sign (some
         * Collabora and ONLYOFFICE set-ups); the service says so in its log at start-up.
         */
        @WithDefault("true")
        boolean enabled();

        /** The discovery-service client whose proof keys sign our requests ({@code default}: its first client). */
        @WithDefault("default")
        String client();

        /** Oldest accepted X-WOPI-TimeStamp. */
        @WithDefault("PT20M")
        Duration maxAge();

        /** How far in the future a timestamp may be (clock skew between Office and us). */
        @WithDefault("PT5M")
        Duration maxSkew();

        /** Least time between two forced refreshes of the keys after a proof failed to verify. */
        @WithDefault("PT10S")
        Duration refreshMinInterval();

        /** How long the keys held in process are trusted before they are read again from discovery-service. */
        @WithDefault("PT5M")
        Duration cacheTtl();
    }
}
