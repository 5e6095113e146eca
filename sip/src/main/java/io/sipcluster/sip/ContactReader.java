package io.sipcluster.sip;

/** Reads Contact values and checks the parameters a registrar relies on. */
final class ContactReader {
    private static final long MAX_REG_ID = Integer.MAX_VALUE;

    private ContactReader() {}

    static Contact read(Cursor c, int maxParameters) throws MalformedSipException {
        NameAddress address = NameAddressReader.read(c, false, maxParameters);
        Params p = address.params();
        long expires = -1;
        int q = -1;
        long regId = -1;
        for (int i = 0; i < p.size(); i++) {
            if (p.nameEquals(i, "expires")) {
                expires = number(p, i, Numbers.MAX_UNSIGNED_32, c.field + ".expires");
            } else if (p.nameEquals(i, "q")) {
                q = qValue(p, i, c.field + ".q");
            } else if (p.nameEquals(i, "reg-id")) {
                regId = number(p, i, MAX_REG_ID, c.field + ".reg-id");
                if (regId == 0) {
                    throw new MalformedSipException(c.field + ".reg-id", "must be at least 1");
                }
            }
        }
        return new Contact(address, expires, q, regId);
    }

    private static long number(Params p, int i, long max, String field) throws MalformedSipException {
        if (p.valueStart(i) < 0) {
            throw new MalformedSipException(field, "has no value");
        }
        return Numbers.parse(p.bytes(), p.valueStart(i), p.valueEnd(i), max, field);
    }

    /** {@code qvalue = ("0" ["." 0*3DIGIT]) / ("1" ["." 0*3("0")])}, in thousandths. */
    private static int qValue(Params p, int i, String field) throws MalformedSipException {
        byte[] b = p.bytes();
        int vs = p.valueStart(i);
        int ve = p.valueEnd(i);
        if (vs < 0 || (b[vs] != '0' && b[vs] != '1')) {
            throw new MalformedSipException(field, "not a q-value between 0 and 1");
        }
        int whole = b[vs] - '0';
        int fraction = 0;
        int digits = 0;
        if (vs + 1 < ve) {
            if (b[vs + 1] != '.' || ve - (vs + 2) > 3) {
                throw new MalformedSipException(field, "not a q-value between 0 and 1");
            }
            for (int k = vs + 2; k < ve; k++) {
                int d = b[k] - '0';
                if (d < 0 || d > 9) {
                    throw new MalformedSipException(field, "not a q-value between 0 and 1");
                }
                fraction = fraction * 10 + d;
                digits++;
            }
        }
        while (digits++ < 3) {
            fraction *= 10;
        }
        int permille = whole * 1000 + fraction;
        if (permille > 1000) {
            throw new MalformedSipException(field, "over 1");
        }
        return permille;
    }
}
