package org.openwopi.storage.file;

import java.util.Map;
import java.util.OptionalLong;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

/**
 * The conditions a content write carries: {@code If-Match} on the version (412 when it differs) and a fencing token
 * from lock-service (409 when lower than the newest the file has accepted).
 */
public record Preconditions(OptionalLong expectedVersion, OptionalLong fencingToken) {

    /** Parses {@code If-Match: "7"} (or {@code 7}, or {@code *}) and {@code X-Fencing-Token: 123}; 400 when malformed. */
    public static Preconditions parse(String ifMatch, String fencingToken) {
        OptionalLong version = OptionalLong.empty();
        if (ifMatch != null && !ifMatch.isBlank() && !ifMatch.strip().equals("*")) {
            String tag = ifMatch.strip();
            if (tag.startsWith("W/")) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "If-Match must be a strong ETag");
            }
            tag = tag.replace("\"", "");
            try {
                version = OptionalLong.of(Long.parseLong(tag));
            } catch (NumberFormatException e) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "If-Match must be the ETag of a version, like \"3\"");
            }
        }
        OptionalLong token = OptionalLong.empty();
        if (fencingToken != null && !fencingToken.isBlank()) {
            try {
                token = OptionalLong.of(Long.parseLong(fencingToken.strip()));
            } catch (NumberFormatException e) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "X-Fencing-Token must be an integer");
            }
        }
        return new Preconditions(version, token);
    }

    /** Throws 412 or 409 when the file, as it is now, fails a condition. */
    public void check(FileEntity file) {
        check(file.version, file.lastFencingToken);
    }

    /** After a write that passed: the file accepts no older fencing token from now on. */
    public void accept(FileEntity file) {
        if (fencingToken.isPresent() && fencingToken.getAsLong() > file.lastFencingToken) {
            file.lastFencingToken = fencingToken.getAsLong();
        }
    }

    /** Throws 412 or 409 when a file at {@code version}, which last accepted {@code lastFencingToken}, fails a condition. */
    public void check(long version, long lastFencingToken) {
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != version) {
            throw new ApiException(ErrorCode.PRECONDITION_FAILED, "the file is at version " + version + ", not "
                    + expectedVersion.getAsLong(), Map.of("currentVersion", version));
        }
        if (fencingToken.isPresent() && fencingToken.getAsLong() < lastFencingToken) {
            throw new ApiException(ErrorCode.CONFLICT, "fencing token " + fencingToken.getAsLong()
                    + " is older than the newest accepted for this file; the lock it came from has been superseded",
                    Map.of("reason", "fenced", "lastFencingToken", lastFencingToken));
        }
    }
}
