package org.openwopi.wopi.security.token;

/**
 * What an access token opens: one file, one folder, or the user's ecosystem (the entry point to their root
 * folder). Written into the token as {@code f:<id>}, {@code c:<id>} or {@code e}.
 */
public record Resource(Kind kind, String id) {

    public enum Kind { FILE, CONTAINER, ECOSYSTEM }

    public static Resource file(String id) {
        return new Resource(Kind.FILE, id);
    }

    public static Resource container(String id) {
        return new Resource(Kind.CONTAINER, id);
    }

    public static Resource ecosystem() {
        return new Resource(Kind.ECOSYSTEM, "");
    }

    public String encode() {
        return switch (kind) {
            case FILE -> "f:" + id;
            case CONTAINER -> "c:" + id;
            case ECOSYSTEM -> "e";
        };
    }

    /** @return the resource, or null when the claim is not one we write */
    public static Resource decode(String claim) {
        if (claim == null) {
            return null;
        }
        if (claim.equals("e")) {
            return ecosystem();
        }
        if (claim.length() > 2 && claim.startsWith("f:")) {
            return file(claim.substring(2));
        }
        if (claim.length() > 2 && claim.startsWith("c:")) {
            return container(claim.substring(2));
        }
        return null;
    }
}
