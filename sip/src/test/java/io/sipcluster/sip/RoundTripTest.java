package io.sipcluster.sip;

import static io.sipcluster.sip.Messages.request;
import static io.sipcluster.sip.Messages.response;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parse, build, parse again: what the builders copy comes back as it went in. */
class RoundTripTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq",
            "semiuri", "transports", "mpart01", "register"})
    void aResponseCarriesTheRequestsTransactionAndDialogFields(String name) throws MalformedSipException {
        SipRequest req = request(bytes(name));
        byte[] built = ResponseBuilder.of(req, 200).toTag("rt1").build();
        SipResponse resp = (SipResponse) Messages.PARSER.parseStreamMessage(built, 0, built.length);

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.vias()).extracting(Via::text).isEqualTo(req.vias().stream().map(Via::text).toList());
        assertThat(resp.from().text()).isEqualTo(req.from().text());
        assertThat(resp.callId()).isEqualTo(req.callId());
        assertThat(resp.cseq()).isEqualTo(req.cseq());
        assertThat(resp.to().uri().text()).isEqualTo(req.to().uri().text());
        assertThat(resp.to().tag()).isEqualTo(req.to().tag() != null ? req.to().tag() : "rt1");
        assertThat(resp.contentLength()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq",
            "semiuri", "transports", "mpart01", "register"})
    void aForwardedRequestIsTheSameRequestOneHopLater(String name) throws MalformedSipException {
        SipRequest req = request(bytes(name));
        byte[] built = RequestForwarder.of(req).via("TCP", "proxy.example.com", 5061, "z9hG4bKrt1").build();
        SipRequest fwd = (SipRequest) Messages.PARSER.parseStreamMessage(built, 0, built.length);

        assertThat(fwd.method()).isEqualTo(req.method());
        assertThat(fwd.requestUriText()).isEqualTo(req.requestUriText());
        List<Via> vias = fwd.vias();
        assertThat(vias.get(0).host()).isEqualTo("proxy.example.com");
        assertThat(vias.get(0).branch()).isEqualTo("z9hG4bKrt1");
        assertThat(vias.subList(1, vias.size())).extracting(Via::text)
                .isEqualTo(req.vias().stream().map(Via::text).toList());
        assertThat(fwd.maxForwards()).isEqualTo(req.maxForwards() - 1);
        assertThat(fwd.from().text()).isEqualTo(req.from().text());
        assertThat(fwd.to().text()).isEqualTo(req.to().text());
        assertThat(fwd.callId()).isEqualTo(req.callId());
        assertThat(fwd.cseq()).isEqualTo(req.cseq());
        assertThat(fwd.contacts()).extracting(Contact::toString)
                .isEqualTo(req.contacts().stream().map(Contact::toString).toList());
        assertThat(fwd.body()).isEqualTo(req.body());
        // the response to it, popped by the proxy, has exactly the original Vias again
        byte[] answer = ResponseBuilder.of(fwd, 200).toTag("rt2").build();
        SipResponse popped = response(ResponseForwarder.withoutTopVia(response(answer)));
        assertThat(popped.vias()).extracting(Via::text).isEqualTo(req.vias().stream().map(Via::text).toList());
    }

    private static byte[] bytes(String name) {
        return name.equals("register") ? Messages.register() : Arrays.copyOf(Messages.rfc4475(name),
                Messages.rfc4475(name).length);
    }
}
