package org.openwopi.wopi.templates;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.openwopi.common.ApiException;
import org.openwopi.common.ErrorCode;

/**
 * Our blank documents, public: Collabora's {@code TemplateSource} (sent in CheckFileInfo for an empty file) is fetched
 * by the WOPI client's server without a token. They hold nothing of anyone's.
 */
@Path("/templates")
public class BlankDocumentsResource {

    @GET
    @Path("/blank.{kind}")
    public Response blank(@RestPath String kind) {
        if (!BlankDocuments.has(kind)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no blank ." + kind + " document");
        }
        return Response.ok(BlankDocuments.of(kind), mediaType(kind))
                .header("Content-Disposition", "attachment; filename=\"blank." + kind + "\"")
                .header("Cache-Control", "public, max-age=86400")
                .build();
    }

    static String mediaType(String kind) {
        return switch (kind) {
            case "docx" -> "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "pptx" -> "application/vnd.openxmlformats-officedocument.presentationml.presentation";
            case "odt" -> "application/vnd.oasis.opendocument.text";
            case "ods" -> "application/vnd.oasis.opendocument.spreadsheet";
            case "odp" -> "application/vnd.oasis.opendocument.presentation";
            default -> "application/octet-stream";
        };
    }
}
