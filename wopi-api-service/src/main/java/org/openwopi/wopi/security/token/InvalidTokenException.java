package org.openwopi.wopi.security.token;

/** The access token is missing, forged, expired or not one of ours: WOPI answers 401. */
public class InvalidTokenException extends Exception {

    public InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
