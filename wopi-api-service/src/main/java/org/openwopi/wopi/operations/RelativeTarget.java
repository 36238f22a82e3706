package org.openwopi.wopi.operations;

import org.openwopi.wopi.protocol.Utf7;
import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiException;
import org.openwopi.wopi.protocol.WopiHeaders;

/**
 * Where PutRelativeFile, CreateChildFile and CreateChildContainer should put what they make, from their headers:
 * X-WOPI-SuggestedTarget (a name or an extension to adjust until free) or X-WOPI-RelativeTarget (exactly this name,
 * over an existing file only with X-WOPI-OverwriteRelativeTarget), both UTF-7. Both at once → 501; neither → 400.
 */
record RelativeTarget(boolean suggested, String name, boolean overwrite) {

    static RelativeTarget of(WopiCall call) {
        String suggested = call.header(WopiHeaders.SUGGESTED_TARGET);
        String relative = call.header(WopiHeaders.RELATIVE_TARGET);
        if (suggested != null && relative != null) {
            throw WopiException.notImplemented("X-WOPI-SuggestedTarget and X-WOPI-RelativeTarget are exclusive");
        }
        if (suggested == null && relative == null) {
            throw WopiException.badRequest("X-WOPI-SuggestedTarget or X-WOPI-RelativeTarget is required");
        }
        boolean overwrite = "true".equalsIgnoreCase(call.header(WopiHeaders.OVERWRITE_RELATIVE_TARGET));
        return suggested != null ? new RelativeTarget(true, Utf7.decode(suggested), false)
                : new RelativeTarget(false, Utf7.decode(relative), overwrite);
    }
}
