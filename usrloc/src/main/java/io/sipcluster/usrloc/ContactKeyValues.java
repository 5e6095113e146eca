package io.sipcluster.usrloc;

import io.sipcluster.wire.Str;
import java.nio.charset.StandardCharsets;

/**
 * The two keys sipcluster keeps in a contact's key-value store (OpenSIPS {@code kv_store}, a flat JSON object that
 * travels in every contact record): {@code "reg-id"} (RFC 5626) and {@code "_st"}, the ownership sharing tag
 * (OpenSIPS {@code ul_shtag_key}). Other keys an OpenSIPS node may send are not kept.
 *
 * <p>Decoding is lenient on purpose: the store comes from the network, and a value we cannot read is treated as
 * absent rather than failing the whole contact.
 */
public record ContactKeyValues(int regId, Str ownerTag) {
    private static final int MAX_TAG = 64;

    public static Str encode(int regId, Str ownerTag) {
        if (regId == 0 && ownerTag.isEmpty()) {
            return Str.EMPTY;
        }
        StringBuilder json = new StringBuilder(32).append('{');
        if (regId != 0) {
            json.append("\"reg-id\":").append(regId);
        }
        if (!ownerTag.isEmpty()) {
            if (regId != 0) {
                json.append(',');
            }
            json.append("\"_st\":\"");
            escape(new String(ownerTag.toByteArray(), StandardCharsets.UTF_8), json);
            json.append('"');
        }
        return Str.of(json.append('}').toString());
    }

    public static ContactKeyValues decode(Str kvStoreJson) {
        if (kvStoreJson.isEmpty()) {
            return new ContactKeyValues(0, Str.EMPTY);
        }
        String json = new String(kvStoreJson.toByteArray(), StandardCharsets.UTF_8);
        int regId = 0;
        Str tag = Str.EMPTY;
        String regIdText = value(json, "reg-id", false);
        if (regIdText != null) {
            try {
                regId = Math.max(0, Integer.parseInt(regIdText));
            } catch (NumberFormatException unreadable) {
                regId = 0;
            }
        }
        String tagText = value(json, "_st", true);
        if (tagText != null && !tagText.isEmpty() && tagText.length() <= MAX_TAG) {
            tag = Str.of(tagText);
        }
        return new ContactKeyValues(regId, tag);
    }

    /**
     * The value of top-level {@code key} in a flat JSON object: a string's unescaped text when {@code string}, else a
     * number's digits; null when absent, of the other type, or not readable.
     */
    private static String value(String json, String key, boolean string) {
        String quoted = '"' + key + '"';
        int at = json.indexOf(quoted);
        if (at < 0) {
            return null;
        }
        int i = skipSpaces(json, at + quoted.length());
        if (i >= json.length() || json.charAt(i) != ':') {
            return null;
        }
        i = skipSpaces(json, i + 1);
        if (i >= json.length()) {
            return null;
        }
        if ((json.charAt(i) == '"') != string) {
            return null;
        }
        if (string) {
            StringBuilder out = new StringBuilder();
            for (i++; i < json.length(); i++) {
                char c = json.charAt(i);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (++i >= json.length()) {
                        return null;
                    }
                    c = json.charAt(i);
                }
                out.append(c);
            }
            return null;
        }
        int end = i;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
            end++;
        }
        return end == i ? null : json.substring(i, end);
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
    }
}
