package io.sipcluster.sip;

/** Reads Contact values and checks the parameters a registrar relies on. */
final class ContactReader {
    private static final long MAX_REG_ID = Integer.MAX_VALUE;

    private ContactReader() {}

    static Contact read(Cursor c, int maxParameters) throws MalformedSipException {
        NameAddress address = NameAddressReader.read(c, false, maxParameters);
        Params p = address.params();
        for (int i = 0; i < p.size(); i++) {
            if (p.nameEquals(i, "expires")) {
                number(p, i, Numbers.MAX_UNSIGNED_32, c.field + ".expires");
            } else if (p.nameEquals(i, "q")) {
                qValue(p, i, c.field + ".q");
            } else if (p.nameEquals(i, "reg-id") && number(p, i, MAX_REG_ID, c.field + ".reg-id") == 0) {
                throw new MalformedSipException(c.field + ".reg-id", "must be at least 1");
            }
        }
        return new Contact(address);
    }

    /** A numeric parameter that {@link #read} checked; -1 if absent. */
    static long checkedNumber(Params p, String name) {
        int i = p.indexOf(name);
        return i < 0 ? -1 : uncheckedParse(p, i);
    }

    /** The q parameter that {@link #read} checked; -1 if absent. */
    static int checkedQ(Params p) {
        int i = p.indexOf("q");
        if (i < 0) {
            return -1;
        }
        try {
            return qValue(p, i, "q");
        } catch (MalformedSipException checkedBefore) {
            throw new IllegalStateException(checkedBefore);
        }
    }

    private static long uncheckedParse(Params p, int i) {
        try {
            return Numbers.parse(p.bytes(), p.valueStart(i), p.valueEnd(i), Numbers.MAX_UNSIGNED_32, "contact");
        } catch (MalformedSipException checkedBefore) {
            throw new IllegalStateException(checkedBefore);
        }
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
