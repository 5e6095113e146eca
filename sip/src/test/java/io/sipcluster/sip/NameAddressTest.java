package io.sipcluster.sip;

import static io.sipcluster.sip.Messages.requestWith;
import static io.sipcluster.sip.Rfc4475Test.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** From, To, Route, Record-Route and Path: name-addr or addr-spec, display names, tags (RFC 3261 §20.10, §25.1). */
class NameAddressTest {
    @Test
    void quotedDisplayNameWithEscapesAndATag() throws MalformedSipException {
        NameAddress from = requestWith("From: \"Alice \\\"A\\\" \\\\ Smith\" <sip:alice@atlanta.example.com>;tag=1928301774")
                .from();
        assertThat(from.displayName()).isEqualTo("Alice \"A\" \\ Smith");
        assertThat(from.uri().text()).isEqualTo("sip:alice@atlanta.example.com");
        assertThat(from.hasAngleBrackets()).isTrue();
        assertThat(from.tag()).isEqualTo("1928301774");
    }

    @Test
    void utf8DisplayNameIsDecoded() throws MalformedSipException {
        assertThat(requestWith("To: \"Jöhn Dœ\" <sip:j@example.com>").to().displayName()).isEqualTo("Jöhn Dœ");
    }

    @Test
    void tokenDisplayNameKeepsSingleSpaces() throws MalformedSipException {
        NameAddress to = requestWith("To: Bob   the Builder<sip:bob@biloxi.example.com>").to();
        assertThat(to.displayName()).isEqualTo("Bob   the Builder");
        assertThat(to.uri().text()).isEqualTo("sip:bob@biloxi.example.com");
    }

    @Test
    void noDisplayName() throws MalformedSipException {
        NameAddress to = requestWith("To: <sip:bob@biloxi.example.com>").to();
        assertThat(to.displayName()).isNull();
        assertThat(to.tag()).isNull();
    }

    @Test
    void addrSpecFormParametersAreHeaderParameters() throws MalformedSipException {
        NameAddress to = requestWith("To: sip:bob@biloxi.example.com;tag=a73kszlfl;user=phone").to();
        assertThat(to.hasAngleBrackets()).isFalse();
        assertThat(to.uri().text()).isEqualTo("sip:bob@biloxi.example.com");
        assertThat(to.tag()).isEqualTo("a73kszlfl");
        assertThat(to.params().get("user")).isEqualTo("phone");
        assertThat(to.text()).isEqualTo("sip:bob@biloxi.example.com;tag=a73kszlfl;user=phone");
    }

    @Test
    void bracketedUriParametersStayInTheUri() throws MalformedSipException {
        NameAddress to = requestWith("To: <sip:+1234@gw.example.com;user=phone>;tag=x").to();
        assertThat(((SipUri) to.uri()).param("user")).isEqualTo("phone");
        assertThat(to.params().has("user")).isFalse();
        assertThat(to.tag()).isEqualTo("x");
    }

    @Test
    void otherSchemesAreOpaque() throws MalformedSipException {
        NameAddress to = requestWith("To: <tel:+1-201-555-0123;phone-context=example.com>").to();
        assertThat(to.uri()).isEqualTo(new OpaqueUri("tel", "tel:+1-201-555-0123;phone-context=example.com"));
    }

    @Test
    void paramNamesAreCaseInsensitiveAndValuesKeptAsReceived() throws MalformedSipException {
        NameAddress from = requestWith("From: <sip:a@b>;TAG=AbC;X-Q=\"quoted ; value\"").from();
        assertThat(from.tag()).isEqualTo("AbC");
        assertThat(from.params().get("x-q")).isEqualTo("\"quoted ; value\"");
        assertThat(from.params().getUnquoted("X-Q")).isEqualTo("quoted ; value");
        assertThat(from.params().name(0)).isEqualTo("TAG");
        assertThat(from.params()).hasToString(";TAG=AbC;X-Q=\"quoted ; value\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"unterminated <sip:a@b>",
            "< sip:a@b>",
            "<sip:a@b >",
            "<sip:a@b",
            "Bell, Alexander <sip:a@b>",
            "\"quoted\" sip:a@b",
            "sip:a@b?subject=x",
            "<sip:a@b>;",
            "<sip:a@b>;tag=",
            "<sip:a@b> junk",
            "<sip:a@b>, <sip:c@d>",
            "<>",
            "<:x>",
            "noscheme",
            "\"ctl \u0001 char\" <sip:a@b>",
            "<sip:a@b>;tag=1;TAG=2",
            "<sip:a@b;user=phone;user=ip>",
    })
    void malformedToIsRefused(String value) throws MalformedSipException {
        assertField(requestWith("To: " + value)::to, "To");
    }

    @Test
    void aTagNeedsATokenValue() throws MalformedSipException {
        assertField(requestWith("To: <sip:a@b>;tag")::to, "To.tag");
        assertField(requestWith("From: <sip:a@b>;tag=\"x\"")::from, "From.tag");
        assertThat(requestWith("To: <sip:a@b>;tag=x").to().tag()).isEqualTo("x");
    }

    @Test
    void fromAndToMayAppearOnlyOnce() throws MalformedSipException {
        SipRequest r = requestWith("From: <sip:a@b>;tag=1", "f: <sip:a@b>;tag=2");
        assertField(r::from, "From");
    }

    @Test
    void routesMayHaveSeveralValuesPerLineAndNeedAngleBrackets() throws MalformedSipException {
        SipRequest r = requestWith(
                "Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>",
                "Route: \"P3\" <sip:p3.example.com;lr>;x=y",
                "Record-Route: <sip:rr.example.com;lr>",
                "Path: <sip:edge.example.com;lr>");
        assertThat(r.routes()).extracting(a -> a.uri().text())
                .containsExactly("sip:p1.example.com;lr", "sip:p2.example.com;lr", "sip:p3.example.com;lr");
        assertThat(r.routes().get(2).params().get("x")).isEqualTo("y");
        assertThat(r.recordRoutes()).hasSize(1);
        assertThat(r.paths()).extracting(a -> a.uri().text()).containsExactly("sip:edge.example.com;lr");
        assertField(requestWith("Route: sip:p1.example.com;lr")::routes, "Route");
        assertField(requestWith("Record-Route: <sip:a;lr>,")::recordRoutes, "Record-Route");
        assertThat(requestWith("Call-ID: x").routes()).isEmpty();
    }
}
