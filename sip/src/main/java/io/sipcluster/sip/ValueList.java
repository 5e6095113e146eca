package io.sipcluster.sip;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.RandomAccess;

/**
 * The values of a header, as an unmodifiable list that is a single small object for the usual single value (one
 * Via, one Contact, one line added to a response): no backing array until a second value comes.
 *
 * <p>Filled with {@link #append} while the header is read, then handed out and never changed again.
 */
final class ValueList<T> extends AbstractList<T> implements RandomAccess {
    private T first;
    private ArrayList<T> more;
    private int size;

    void append(T value) {
        if (size == 0) {
            first = value;
        } else {
            if (more == null) {
                more = new ArrayList<>(4);
                more.add(first);
            }
            more.add(value);
        }
        size++;
    }

    @Override
    public T get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return size == 1 ? first : more.get(i);
    }

    @Override
    public int size() {
        return size;
    }
}
