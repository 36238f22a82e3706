package org.openwopi.wopi.security.proof;

/** A WOPI request's proof does not hold; the message says which check failed. WOPI answers 500. */
public class ProofFailedException extends RuntimeException {

    public ProofFailedException(String reason) {
        super(reason, null, false, false);
    }
}
