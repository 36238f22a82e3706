package org.openwopi.storage.file;

import java.util.Map;

import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

/** One byte range of an HTTP {@code Range} header ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}). */
public record ByteRange(long offset, long length, boolean partial) {

    /** The whole content when there is no usable header; 416 when the range lies outside the content. */
    public static ByteRange parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return new ByteRange(0, size, false);
        }
        String spec = header.strip();
        if (!spec.startsWith("bytes=") || spec.contains(",")) {
            // Multiple ranges and other units are optional (RFC 9110): answer the whole content.
            return new ByteRange(0, size, false);
        }
        String[] bounds = spec.substring("bytes=".length()).split("-", 2);
        try {
            long first;
            long last;
            if (bounds[0].isBlank()) {
                long suffix = Long.parseLong(bounds[1].strip());
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(bounds[0].strip());
                last = bounds.length < 2 || bounds[1].isBlank() ? size - 1 : Math.min(Long.parseLong(bounds[1].strip()), size - 1);
            }
            if (first >= size || last < first) {
                throw unsatisfiable(size);
            }
            return new ByteRange(first, last - first + 1, true);
        } catch (NumberFormatException e) {
            return new ByteRange(0, size, false);
        }
    }

    public String contentRange(long size) {
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }

    private static ApiException unsatisfiable(long size) {
        return new ApiException(ErrorCode.RANGE_NOT_SATISFIABLE, "the range lies outside the content of " + size + " bytes",
                Map.of("size", size));
    }
}
