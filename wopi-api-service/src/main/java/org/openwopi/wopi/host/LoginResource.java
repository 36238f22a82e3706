package org.openwopi.wopi.host;

import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;

/** Where the web UI sends a visitor without a session: the code flow runs first, then back to the file list. */
@Path("/login")
@Authenticated
public class LoginResource {

    @GET
    public Response login() {
        return Response.seeOther(URI.create("/")).build();
    }
}
