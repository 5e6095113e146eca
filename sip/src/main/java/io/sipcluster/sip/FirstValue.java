package io.sipcluster.sip;

/** Removing the first value of a header line, for popping a Route or a Via: the whole line if it held only that one. */
final class FirstValue {
    private FirstValue() {}

    /**
     * {@code c} has just read the first value of field {@code line}; deletes that value and the comma after it, or
     * the whole line if no other value follows.
     */
    static void remove(SipMessage m, int line, Cursor c, Splices s) throws MalformedSipException {
        HeaderFields f = m.fields;
        if (SipMessage.expectValueSeparator(c)) {
            c.skipLws();
            s.delete(f.valueStart(line), c.pos);
        } else {
            s.delete(f.nameStart(line), f.lineEnd(line) + 2);
        }
    }
}
