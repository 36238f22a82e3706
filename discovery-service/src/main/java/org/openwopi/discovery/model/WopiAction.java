package org.openwopi.discovery.model;

import java.util.List;

/**
 * One {@code <action>} of a discovery document.
 *
 * @param name      view, edit, editnew, embedview, convert, ...
 * @param ext       the file extension it applies to, lower case, without dot (empty for mime-type apps)
 * @param progid    the ProgID it applies to, when the client names one
 * @param urlsrc    the URL template, placeholders and all
 * @param requires  the WOPI capability groups it needs (locks, update, cobalt, containers)
 * @param isDefault whether it is the default action for its extension
 * @param targetext the extension a convert action produces
 * @param newprogid the ProgID a convert action produces
 * @param newext    the extension an editnew action creates
 */
public record WopiAction(String name, String ext, String progid, String urlsrc, List<String> requires, boolean isDefault,
                         String targetext, String newprogid, String newext) {
}
