package io.sipcluster.sip;

import java.util.List;

/**
 * Everything an application can ask of a parsed message, asked once: each accessor either answers or throws a
 * {@link MalformedSipException}, which is caught per accessor so that one broken header does not hide the others.
 * Any other exception escapes, which is what the fuzz test looks for.
 */
final class MessageWalk {
    private MessageWalk() {}

    /**
     * Parses every header the module parses, without asking for text: the objects the parser itself creates.
     * Returns a count, to be consumed.
     */
    static int parseAll(SipMessage m) {
        int n = 0;
        if (m instanceof SipRequest r) {
            n += read(() -> r.requestUri() instanceof SipUri u ? u.params().size() : 1);
        }
        n += read(() -> m.vias().size() + m.topVia().params().size());
        n += read(() -> m.from().params().size() + uriParams(m.from()));
        n += read(() -> m.to().params().size() + uriParams(m.to()));
        n += read(() -> m.callId().length() + (int) m.cseq().number());
        n += read(() -> {
            int k = m.contacts().size();
            for (Contact c : m.contacts()) {
                k += uriParams(c.address());
            }
            return k;
        });
        n += read(() -> (int) m.expires() + (int) m.minExpires() + m.maxForwards());
        n += read(() -> m.routes().size() + m.recordRoutes().size() + m.paths().size() + m.supported().size());
        return n;
    }

    private static int uriParams(NameAddress a) throws MalformedSipException {
        return a.uri() instanceof SipUri u ? u.params().size() : 0;
    }

    /** Reads every header the module parses, and every part of what comes back. Returns a count, to be consumed. */
    static int readAll(SipMessage m) {
        int n = m.version().length() + m.tolerated().size() + m.headerFieldCount() + m.bodyLength();
        if (m instanceof SipRequest r) {
            n += r.method().length() + r.requestUriText().length();
            n += read(() -> r.requestUri() instanceof SipUri u ? uri(u) : r.requestUri().text().length());
            n += read(() -> {
                RequestValidation.check(r);
                return 1;
            });
        } else if (m instanceof SipResponse r) {
            n += r.statusCode() + r.reasonPhrase().length();
        }
        n += read(() -> via(m.topVia()));
        n += read(() -> {
            int k = 0;
            for (Via v : m.vias()) {
                k += via(v);
            }
            return k;
        });
        n += read(() -> address(m.from()));
        n += read(() -> address(m.to()));
        n += read(() -> m.callId().length());
        n += read(() -> (int) m.cseq().number() + m.cseq().method().length());
        n += read(() -> {
            int k = m.isContactWildcard() ? 1 : 0;
            for (Contact c : m.contacts()) {
                k += address(c.address()) + (int) c.expires() + c.qPermille() + (int) c.regId()
                        + length(c.instance());
            }
            return k;
        });
        n += read(() -> (int) m.expires());
        n += read(() -> (int) m.minExpires());
        n += read(m::maxForwards);
        n += m.contentLength();
        n += read(() -> length(m.contentType()));
        n += read(() -> addresses(m.routes()) + addresses(m.recordRoutes()) + addresses(m.paths()));
        n += read(() -> m.supported().size());
        n += length(m.userAgent()) + length(m.authorization()) + length(m.header("X-Anything"));
        return n;
    }

    private static int via(Via v) {
        return v.protocol().length() + v.transport().length() + v.host().length() + v.port() + length(v.branch())
                + length(v.received()) + v.rport() + v.ttl() + length(v.maddr()) + (v.hasRfc3261Branch() ? 1 : 0)
                + params(v.params());
    }

    private static int address(NameAddress a) throws MalformedSipException {
        int n = length(a.displayName()) + length(a.tag()) + params(a.params()) + a.uri().text().length();
        if (a.uri() instanceof SipUri u) {
            n += uri(u);
        }
        return n;
    }

    private static int uri(SipUri u) throws MalformedSipException {
        return length(u.user()) + length(u.password()) + u.host().length() + u.port() + params(u.params())
                + length(u.headers()) + u.aorKey().length() + (u.isLooseRouting() ? 1 : 0)
                + (u.equivalentTo(u) ? 1 : 0);
    }

    private static int addresses(List<NameAddress> list) throws MalformedSipException {
        int n = 0;
        for (NameAddress a : list) {
            n += address(a);
        }
        return n;
    }

    private static int params(Params p) {
        int n = 0;
        for (int i = 0; i < p.size(); i++) {
            n += p.name(i).length() + length(p.value(i));
        }
        return n;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    interface Access {
        int get() throws MalformedSipException;
    }

    private static int read(Access a) {
        try {
            return a.get();
        } catch (MalformedSipException e) {
            return e.field().length();
        }
    }
}
