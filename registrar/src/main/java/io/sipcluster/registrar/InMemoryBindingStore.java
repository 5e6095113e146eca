package io.sipcluster.registrar;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BindingStore} in a concurrent map of immutable lists: reads never lock, each write replaces a list. */
public final class InMemoryBindingStore implements BindingStore {
    private final ConcurrentHashMap<String, List<Binding>> byAor = new ConcurrentHashMap<>();

    @Override
    public List<Binding> bindings(String aor) {
        return byAor.getOrDefault(aor, List.of());
    }

    @Override
    public void put(Binding binding) {
        byAor.compute(binding.aor(), (aor, old) -> {
            List<Binding> next = new ArrayList<>(old == null ? 1 : old.size() + 1);
            boolean replaced = false;
            if (old != null) {
                for (Binding b : old) {
                    if (b.contactUri().equals(binding.contactUri())) {
                        next.add(binding);
                        replaced = true;
                    } else {
                        next.add(b);
                    }
                }
            }
            if (!replaced) {
                next.add(binding);
            }
            return List.copyOf(next);
        });
    }

    @Override
    public void remove(String aor, String contactUri) {
        byAor.computeIfPresent(aor, (key, old) -> {
            List<Binding> next = new ArrayList<>(old.size());
            for (Binding b : old) {
                if (!b.contactUri().equals(contactUri)) {
                    next.add(b);
                }
            }
            return next.isEmpty() ? null : List.copyOf(next);
        });
    }

    @Override
    public void removeAll(String aor) {
        byAor.remove(aor);
    }

    /** The AoRs that have at least one binding (lapsed ones included until the registrar removes them). */
    public Set<String> aors() {
        return Set.copyOf(byAor.keySet());
    }

    public int bindingCount() {
        int n = 0;
        for (List<Binding> l : byAor.values()) {
            n += l.size();
        }
        return n;
    }
}
