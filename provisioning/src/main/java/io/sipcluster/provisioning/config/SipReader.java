package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.HostPort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads {@code sip}: the SIP listeners and the registrar's intervals. */
final class SipReader {
    private static final int MAX_LISTENERS = 16;
    private final Problems problems;

    SipReader(Problems problems) {
        this.problems = problems;
    }

    Optional<SipConfig> read(YamlNode node, String path) {
        Fields f = Fields.of(node, path, problems, "listen", "registrar");
        List<SipConfig.Listen> listen = new ArrayList<>();
        List<YamlNode> items = f.optionalList("listen");
        if (items.isEmpty()) {
            f.problem("listen", "is required: list the SIP sockets, e.g. [udp:127.0.0.1:5060, tcp:127.0.0.1:5060]");
        }
        if (items.size() > MAX_LISTENERS) {
            f.problem("listen", "at most " + MAX_LISTENERS + " SIP sockets, got " + items.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = f.path("listen") + "[" + i + "]";
            String text = Fields.stringValue(items.get(i), itemPath, problems);
            if (text == null) {
                continue;
            }
            SipConfig.Listen l = listen(text, items.get(i), itemPath);
            if (l != null && !seen.add(l.toString())) {
                problems.add(itemPath, items.get(i), "listed twice: " + text);
            } else if (l != null) {
                listen.add(l);
            }
        }
        long min = SipConfig.DEFAULT_MIN_EXPIRES;
        long max = SipConfig.DEFAULT_MAX_EXPIRES;
        long dflt = SipConfig.DEFAULT_EXPIRES;
        if (f.has("registrar")) {
            Fields r = Fields.of(f.node("registrar"), f.path("registrar"), problems, "min_expires", "max_expires",
                    "default_expires");
            min = r.optionalInt("min_expires", (int) min, 1, 86_400);
            max = r.optionalInt("max_expires", (int) max, 1, 31_536_000);
            dflt = r.optionalInt("default_expires", (int) dflt, 1, 31_536_000);
            if (!(min <= dflt && dflt <= max)) {
                r.problem("default_expires", "need min_expires <= default_expires <= max_expires, got " + min + " <= "
                        + dflt + " <= " + max);
            }
        }
        if (listen.isEmpty() || !(min <= dflt && dflt <= max)) {
            return Optional.empty();
        }
        return Optional.of(new SipConfig(listen, min, max, dflt));
    }

    private SipConfig.Listen listen(String text, YamlNode at, String path) {
        int colon = text.indexOf(':');
        String proto = colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
        SipConfig.Transport transport = switch (proto) {
            case "udp" -> SipConfig.Transport.UDP;
            case "tcp" -> SipConfig.Transport.TCP;
            default -> null;
        };
        if (transport == null) {
            problems.add(path, at, "must be udp:HOST:PORT or tcp:HOST:PORT, got '" + text + "'");
            return null;
        }
        try {
            return new SipConfig.Listen(transport, HostPort.parseWithDefaultPort(text.substring(colon + 1), 5060,
                    "must be udp:HOST[:PORT] or tcp:HOST[:PORT]"));
        } catch (IllegalArgumentException e) {
            problems.add(path, at, e.getMessage() + " in '" + text + "'");
            return null;
        }
    }
}
