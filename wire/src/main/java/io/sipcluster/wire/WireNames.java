package io.sipcluster.wire;

import java.lang.reflect.RecordComponent;

/** The OpenSIPS name of a record field: its {@link WireName}, or its Java name in snake_case. */
public final class WireNames {
    private WireNames() {}

    public static String of(RecordComponent c) {
        WireName n = c.getAnnotation(WireName.class);
        return n != null ? n.value() : snakeCase(c.getName());
    }

    public static String snakeCase(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
