package io.sipcluster.wire.testing;

import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireNames;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Flattens a decoded record into {@code name=value} leaves named as OpenSIPS names the fields (snake_case, or
 * {@code WireName}), so that it can be compared with the fields recorded for a captured packet.
 */
public final class RecordLeaves {
    private RecordLeaves() {}

    public static List<String> of(Object record) {
        List<String> out = new ArrayList<>();
        walk(record, out);
        return out;
    }

    private static void walk(Object record, List<String> out) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            leaf(WireNames.of(c), v, out);
        }
    }

    private static void leaf(String name, Object v, List<String> out) {
        if (v == null || v instanceof Trailer) {
            return; // absent optional group; trailers are compared on their own
        }
        if (v instanceof List<?> list) {
            list.forEach(item -> leaf(name, item, out));
        } else if (v instanceof Str s) {
            out.add(name + "=" + s);
        } else if (v instanceof Long l && name.equals("contact_id")) {
            out.add(name + "=" + Long.toUnsignedString(l)); // a uint64 on the wire
        } else if (v instanceof Number || v instanceof Boolean) {
            out.add(name + "=" + v);
        } else if (v.getClass().isRecord()) {
            walk(v, out);
        } else {
            throw new IllegalArgumentException("cannot flatten " + v.getClass());
        }
    }
}
