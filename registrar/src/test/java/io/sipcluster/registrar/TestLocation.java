package io.sipcluster.registrar;

import io.sipcluster.usrloc.LocationTable;
import io.sipcluster.usrloc.UsrlocLimits;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/** A single-instance location table for registrar tests, on a clock the test sets (or the system clock). */
final class TestLocation {
    final AtomicLong nowMillis;
    final LocationService location;
    final LocationBindingStore store;

    private TestLocation(AtomicLong nowMillis, boolean system, UsrlocLimits limits) {
        this.nowMillis = nowMillis;
        this.location = new LocationService(new LocationTable("location", limits),
                () -> (system ? System.currentTimeMillis() : nowMillis.get()) / 1000,
                LocationService.ReplicationSink.NONE);
        this.store = new LocationBindingStore(location, "");
    }

    static TestLocation at(long millis) {
        return at(millis, UsrlocLimits.DEFAULTS);
    }

    static TestLocation at(long millis, UsrlocLimits limits) {
        return new TestLocation(new AtomicLong(millis), false, limits);
    }

    static TestLocation onSystemClock() {
        return new TestLocation(new AtomicLong(), true, UsrlocLimits.DEFAULTS);
    }

    List<Binding> bindings(String aor) {
        return store.bindings(aor);
    }

    /** The AoRs with live bindings. */
    Set<String> aors() {
        Set<String> out = new TreeSet<>();
        for (Str aor : location.dump(Integer.MAX_VALUE).keySet()) {
            out.add("sip:" + aor);
        }
        return out;
    }
}
