package org.openwopi.discovery.parse;

/** The fetched document is not a usable WOPI discovery document; the previous copy stays in use. */
public class InvalidDiscoveryException extends RuntimeException {

    public InvalidDiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
