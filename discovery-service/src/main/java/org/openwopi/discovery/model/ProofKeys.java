package org.openwopi.discovery.model;

import java.util.List;

/**
 * The current and the old proof key. {@code problems} lists what did not add up (a CSP blob that disagrees with the
 * modulus and exponent next to it, an unreadable blob): empty when both forms agree.
 */
public record ProofKeys(ProofKey current, ProofKey old, List<String> problems) {

    public boolean consistent() {
        return problems.isEmpty();
    }
}
