package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;

/** Request method names; the common ones are shared constants, so reading a method allocates nothing. */
public final class Methods {
    public static final String INVITE = "INVITE";
    public static final String ACK = "ACK";
    public static final String BYE = "BYE";
    public static final String CANCEL = "CANCEL";
    public static final String REGISTER = "REGISTER";
    public static final String OPTIONS = "OPTIONS";
    public static final String PRACK = "PRACK";
    public static final String SUBSCRIBE = "SUBSCRIBE";
    public static final String NOTIFY = "NOTIFY";
    public static final String PUBLISH = "PUBLISH";
    public static final String INFO = "INFO";
    public static final String REFER = "REFER";
    public static final String MESSAGE = "MESSAGE";
    public static final String UPDATE = "UPDATE";

    private static final String[] KNOWN = {INVITE, ACK, BYE, CANCEL, REGISTER, OPTIONS, PRACK, SUBSCRIBE, NOTIFY,
            PUBLISH, INFO, REFER, MESSAGE, UPDATE};

    private Methods() {}

    /** The method token {@code [from, to)}; methods are case-sensitive (RFC 3261 §7.1), so only exact matches share. */
    static String of(byte[] b, int from, int to) {
        int len = to - from;
        for (String m : KNOWN) {
            if (m.length() == len && sameAscii(m, b, from)) {
                return m;
            }
        }
        return new String(b, from, len, StandardCharsets.ISO_8859_1);
    }

    private static boolean sameAscii(String s, byte[] b, int from) {
        for (int i = 0; i < s.length(); i++) {
            if (b[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
