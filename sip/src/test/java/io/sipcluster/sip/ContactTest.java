package io.sipcluster.sip;

import static io.sipcluster.sip.Messages.requestWith;
import static io.sipcluster.sip.Rfc4475Test.assertField;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contact values of REGISTER (RFC 3261 §10.2, §20.10; RFC 5626 instance and reg-id). */
class ContactTest {
    private static final String INSTANCE = "\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"";

    @Test
    void registrarParametersAreReadAndChecked() throws MalformedSipException {
        Contact c = requestWith("Contact: <sip:alice@192.0.2.4:5060;transport=tcp>;expires=600;q=0.7;+sip.instance="
                + INSTANCE + ";reg-id=1").contacts().get(0);
        assertThat(((SipUri) c.uri()).transport()).isEqualTo("tcp");
        assertThat(c.expires()).isEqualTo(600);
        assertThat(c.qPermille()).isEqualTo(700);
        assertThat(c.instance()).as("quotes kept: that is how outbound and GRUU compare it").isEqualTo(INSTANCE);
        assertThat(c.regId()).isEqualTo(1);
    }

    @Test
    void absentParametersAreMinusOneOrNull() throws MalformedSipException {
        Contact c = requestWith("m: sip:bob@192.0.2.9").contacts().get(0);
        assertThat(c.expires()).isEqualTo(-1);
        assertThat(c.qPermille()).isEqualTo(-1);
        assertThat(c.instance()).isNull();
        assertThat(c.regId()).isEqualTo(-1);
    }

    @Test
    void severalPerLineAndSeveralLinesInOrder() throws MalformedSipException {
        SipRequest r = requestWith(
                "Contact: \"Mr. Watson\" <sip:watson@worcester.example.com>;q=0.7; expires=3600,",
                "   \"Mr. Watson\" <mailto:watson@bell-telephone.example.com> ;q=0.1",
                "m: <sip:c@d>;expires=0");
        List<Contact> contacts = r.contacts();
        assertThat(contacts).extracting(c -> c.uri().text()).containsExactly("sip:watson@worcester.example.com",
                "mailto:watson@bell-telephone.example.com", "sip:c@d");
        assertThat(contacts).extracting(Contact::qPermille).containsExactly(700, 100, -1);
        assertThat(contacts).extracting(Contact::expires).containsExactly(3600L, -1L, 0L);
        assertThat(r.isContactWildcard()).isFalse();
    }

    @Test
    void wildcardRemovesEveryBinding() throws MalformedSipException {
        SipRequest r = requestWith("Contact:  * ", "Expires: 0");
        assertThat(r.isContactWildcard()).isTrue();
        assertThat(r.contacts()).isEmpty();
        assertThat(requestWith("Call-ID: x").isContactWildcard()).isFalse();
        assertThat(requestWith("Call-ID: x").contacts()).isEmpty();
    }

    @ParameterizedTest(name = "q={0} -> {1}")
    @CsvSource({"0, 0", "1, 1000", "0.5, 500", "0.05, 50", "0.123, 123", "1.0, 1000", "1.000, 1000", "0., 0"})
    void qValues(String q, int permille) throws MalformedSipException {
        assertThat(requestWith("Contact: <sip:a@b>;q=" + q).contacts().get(0).qPermille()).isEqualTo(permille);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "<sip:a@b>;q=1.001|Contact.q",
            "<sip:a@b>;q=2|Contact.q",
            "<sip:a@b>;q=0.1234|Contact.q",
            "<sip:a@b>;q=.5|Contact.q",
            "<sip:a@b>;q|Contact.q",
            "<sip:a@b>;expires=4294967296|Contact.expires",
            "<sip:a@b>;expires=-1|Contact.expires",
            "<sip:a@b>;expires|Contact.expires",
            "<sip:a@b>;reg-id=0|Contact.reg-id",
            "<sip:a@b>;reg-id=2147483648|Contact.reg-id",
            "*, <sip:a@b>|Contact",
            "<sip:a@b>, *|Contact",
            "*;expires=0|Contact",
            "<sip:a@b>;;|Contact",
            "|Contact",
            "<sip:a@b>,|Contact",
    })
    void malformedContactsAreRefusedNamingTheField(String value, String field) throws MalformedSipException {
        assertField(requestWith("Contact: " + (value == null ? "" : value))::contacts, field);
    }

    @Test
    void wildcardMustBeAlone() throws MalformedSipException {
        assertField(requestWith("Contact: *", "Contact: <sip:a@b>")::contacts, "Contact");
        assertField(requestWith("Contact: <sip:a@b>", "Contact: *")::isContactWildcard, "Contact");
    }

    @Test
    void expiresAtTheLargestDeltaSecondsIsAccepted() throws MalformedSipException {
        assertThat(requestWith("Contact: <sip:a@b>;expires=4294967295").contacts().get(0).expires())
                .isEqualTo(4294967295L);
    }
}
