package io.sipcluster.registrar;

import io.sipcluster.sip.SipMessage;
import io.sipcluster.sip.SipRequest;

/**
 * The step both listeners share once a message is parsed: only requests go to the {@link Registrar}, and every
 * outcome is counted (an answer by its status; a response, an ACK or a registrar bug as dropped).
 */
final class CountedHandling {
    private CountedHandling() {
    }

    /** The answer to send, or null when there is none (the message was counted as dropped). */
    static Answer handle(Registrar registrar, RegistrarCounters counters, SipMessage message, Source source,
                         long nowMillis) {
        if (!(message instanceof SipRequest request)) {
            counters.dropped(false);
            return null;
        }
        Answer answer;
        try {
            answer = registrar.handle(request, source, nowMillis);
        } catch (RuntimeException bug) {
            counters.dropped(false);
            return null;
        }
        if (answer == null) {
            counters.dropped(false); // an ACK
            return null;
        }
        counters.answered(answer.status());
        return answer;
    }
}
