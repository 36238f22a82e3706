package org.openwopi.wopi.audit;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.config.WopiConfig;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.protocol.WopiReply;

/**
 * Which WOPI operations the audit trail records, and as what: what changes a document or its lock, and the read of
 * its content that starts every view or edit session (CheckFileInfo and the lock refreshes are not events).
 */
@ApplicationScoped
public class WopiAudit {

    private final AuditTrail trail;
    private final String defaultClient;

    WopiAudit(AuditTrail trail, WopiConfig config) {
        this.trail = trail;
        this.defaultClient = config.proof().client();
    }

    /** Records a call that succeeded, if it is one the trail keeps. */
    public void succeeded(WopiCall call, WopiReply reply) {
        if (reply.status() >= 300) {
            return;
        }
        String action = switch (call.operation()) {
            case GET_FILE -> "session";
            case LOCK -> "lock";
            case UNLOCK -> "unlock";
            case PUT_FILE -> "save";
            case PUT_RELATIVE_FILE -> call.header(WopiHeaders.FILE_CONVERSION) != null ? "convert" : "save-as";
            case RENAME_FILE -> "rename";
            case DELETE_FILE -> "delete";
            case CREATE_CHILD_FILE -> "create-file";
            case CREATE_CHILD_CONTAINER -> "create-folder";
            case RENAME_CONTAINER -> "rename";
            case DELETE_CONTAINER -> "delete";
            default -> null;
        };
        if (action == null) {
            return;
        }
        String client = call.token().client() == null ? defaultClient : call.token().client();
        String correlation = call.header(WopiHeaders.CORRELATION_ID);
        String detail = detail(call, reply);
        switch (call.operation()) {
            case CREATE_CHILD_CONTAINER, RENAME_CONTAINER, DELETE_CONTAINER, CREATE_CHILD_FILE ->
                    trail.folder(call.userId(), action, call.id(), client, correlation, detail);
            default -> trail.file(call.userId(), action, call.id(), client, correlation, detail);
        }
    }

    private static String detail(WopiCall call, WopiReply reply) {
        String version = reply.headers().get(WopiHeaders.ITEM_VERSION);
        return switch (call.operation()) {
            case PUT_FILE -> version == null ? null : "version " + version;
            case GET_FILE -> call.token().can(org.openwopi.wopi.security.token.Permission.EDIT) ? "may edit" : "view only";
            default -> null;
        };
    }
}
