package org.openwopi.discovery.parse;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.openwopi.discovery.model.DiscoveryDocument;
import org.openwopi.discovery.model.NetZone;
import org.openwopi.discovery.model.ProofKey;
import org.openwopi.discovery.model.ProofKeys;
import org.openwopi.discovery.model.WopiAction;
import org.openwopi.discovery.model.WopiApp;

/**
 * Parses a WOPI discovery document with the JDK's StAX reader (no reflection, so native images need nothing extra).
 * DTDs and external entities are refused: the document comes from the network.
 */
public final class DiscoveryParser {

    private static final XMLInputFactory FACTORY = newFactory();

    private DiscoveryParser() {
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** Parses {@code xml}; a document without any app, or malformed XML, is an {@link InvalidDiscoveryException}. */
    public static DiscoveryDocument parse(String xml) {
        List<NetZone> zones = new ArrayList<>();
        ProofKeys keys = null;
        String zoneName = null;
        List<WopiApp> zoneApps = null;
        WopiApp app = null;
        List<WopiAction> appActions = null;
        boolean root = false;
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                while (reader.hasNext()) {
                    int event = reader.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        switch (reader.getLocalName()) {
                            case "wopi-discovery" -> root = true;
                            case "net-zone" -> {
                                zoneName = attr(reader, "name");
                                zoneApps = new ArrayList<>();
                            }
                            case "app" -> {
                                app = new WopiApp(attr(reader, "name"), attr(reader, "favIconUrl"),
                                        Boolean.parseBoolean(attr(reader, "checkLicense")), List.of());
                                appActions = new ArrayList<>();
                            }
                            case "action" -> {
                                if (appActions != null) {
                                    appActions.add(action(reader));
                                }
                            }
                            case "proof-key" -> keys = proofKeys(reader);
                            default -> {
                                // Other elements (e.g. Collabora's capabilities) carry nothing we use.
                            }
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        switch (reader.getLocalName()) {
                            case "app" -> {
                                if (zoneApps != null && app != null) {
                                    zoneApps.add(new WopiApp(app.name(), app.favIconUrl(), app.checkLicense(), List.copyOf(appActions)));
                                }
                                app = null;
                                appActions = null;
                            }
                            case "net-zone" -> {
                                zones.add(new NetZone(zoneName, List.copyOf(zoneApps)));
                                zoneApps = null;
                            }
                            default -> {
                                // Nothing to close.
                            }
                        }
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new InvalidDiscoveryException("not well-formed XML: " + e.getMessage(), e);
        }
        if (!root) {
            throw new InvalidDiscoveryException("no <wopi-discovery> root element", null);
        }
        if (zones.stream().allMatch(z -> z.apps().isEmpty())) {
            throw new InvalidDiscoveryException("no <app> in any <net-zone>", null);
        }
        return new DiscoveryDocument(List.copyOf(zones), Optional.ofNullable(keys));
    }

    private static WopiAction action(XMLStreamReader reader) {
        String requires = attr(reader, "requires");
        return new WopiAction(
                attr(reader, "name"),
                attr(reader, "ext").toLowerCase(Locale.ROOT),
                attr(reader, "progid"),
                attr(reader, "urlsrc"),
                requires.isBlank() ? List.of() : Arrays.stream(requires.split(",")).map(String::strip).toList(),
                Boolean.parseBoolean(attr(reader, "default")),
                attr(reader, "targetext"),
                attr(reader, "newprogid"),
                attr(reader, "newext"));
    }

    private static ProofKeys proofKeys(XMLStreamReader reader) {
        List<String> problems = new ArrayList<>();
        ProofKey current = proofKey("current", attr(reader, "modulus"), attr(reader, "exponent"), attr(reader, "value"), problems);
        ProofKey old = proofKey("old", attr(reader, "oldmodulus"), attr(reader, "oldexponent"), attr(reader, "oldvalue"), problems);
        return new ProofKeys(current, old, List.copyOf(problems));
    }

    /**
     * One key from whichever forms are present, each checked against the other. When they disagree the
     * modulus/exponent form is kept (it is what verifiers use) and the disagreement is reported.
     */
    private static ProofKey proofKey(String which, String modulus, String exponent, String blob, List<String> problems) {
        Base64.Decoder base64 = Base64.getDecoder();
        Base64.Encoder encoder = Base64.getEncoder();
        BigInteger[] fromBlob = null;
        if (!blob.isBlank()) {
            try {
                fromBlob = CspBlob.modulusAndExponent(base64.decode(blob.strip()));
            } catch (IllegalArgumentException e) {
                problems.add(which + " key: unreadable CSP blob (" + e.getMessage() + ")");
            }
        }
        if (!modulus.isBlank() && !exponent.isBlank()) {
            BigInteger m;
            BigInteger e;
            try {
                m = new BigInteger(1, base64.decode(modulus.strip()));
                e = new BigInteger(1, base64.decode(exponent.strip()));
            } catch (IllegalArgumentException bad) {
                problems.add(which + " key: modulus or exponent is not Base64");
                return null;
            }
            if (fromBlob != null && (!fromBlob[0].equals(m) || !fromBlob[1].equals(e))) {
                problems.add(which + " key: the CSP blob and the modulus/exponent name different keys");
            }
            String cspBlob = blob.isBlank() ? encoder.encodeToString(CspBlob.of(m, e)) : blob.strip();
            return new ProofKey(modulus.strip(), exponent.strip(), cspBlob);
        }
        if (fromBlob != null) {
            return new ProofKey(encoder.encodeToString(CspBlob.unsigned(fromBlob[0])),
                    encoder.encodeToString(CspBlob.unsigned(fromBlob[1])), blob.strip());
        }
        return null;
    }

    private static String attr(XMLStreamReader reader, String name) {
        String value = reader.getAttributeValue(null, name);
        return value == null ? "" : value;
    }
}
