package org.openwopi.wopi.operations;

import java.util.List;

import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;
import org.openwopi.wopi.security.token.AccessToken;
import org.openwopi.wopi.security.token.Permission;

/**
 * The share URL types of GetShareUrl we answer: {@code ReadOnly} for anyone who may see the item, {@code ReadWrite}
 * for someone who may change it (edit the file, add to the folder). CheckFileInfo and CheckContainerInfo list exactly
 * these, and any other type is 501, as WOPI asks.
 */
final class ShareUrls {

    static final String READ_ONLY = "ReadOnly";
    static final String READ_WRITE = "ReadWrite";

    private ShareUrls() {
    }

    /** The types this token may ask for. */
    static List<String> types(AccessToken token) {
        boolean writes = token.resource().kind() == org.openwopi.wopi.security.token.Resource.Kind.FILE
                ? token.can(Permission.EDIT) : token.can(Permission.CREATE);
        return writes ? List.of(READ_ONLY, READ_WRITE) : List.of(READ_ONLY);
    }

    /** The type the request asks for, when it is one the token may have; 501 otherwise. */
    static String requested(WopiCall call) {
        call.require(Permission.VIEW, "sharing this item");
        String type = call.header(WopiHeaders.URL_TYPE);
        if (type == null || !types(call.token()).contains(type.trim())) {
            throw new WopiException(501, "share URL type " + (type == null ? "(none)" : "'" + type + "'")
                    + " is not supported here; supported: " + types(call.token()));
        }
        return type.trim();
    }
}
