package org.openwopi.wopi.operations;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.openwopi.wopi.protocol.WopiCall;
import org.openwopi.wopi.protocol.WopiReply;
import org.openwopi.wopi.protocol.WopiUrls;

import io.smallrye.mutiny.Uni;

/** The WOPI ecosystem operations: CheckEcosystem, GetEcosystem (of a file or folder), GetRootContainer. */
@ApplicationScoped
public class EcosystemOperations {

    private final Pointers pointers;
    private final WopiUrls urls;

    EcosystemOperations(Pointers pointers, WopiUrls urls) {
        this.pointers = pointers;
        this.urls = urls;
    }

    public Uni<WopiReply> ecosystemPointer(WopiCall call) {
        return Uni.createFrom().item(WopiReply.json(Map.of("Url", urls.ecosystem(call.token()))));
    }

    public Uni<WopiReply> checkEcosystem(WopiCall call) {
        return Uni.createFrom().item(WopiReply.json(Map.of("SupportsContainers", true)));
    }

    public Uni<WopiReply> rootContainerPointer(WopiCall call) {
        return Uni.createFrom().item(WopiReply.json(Map.of("ContainerPointer", pointers.root(call))));
    }
}
