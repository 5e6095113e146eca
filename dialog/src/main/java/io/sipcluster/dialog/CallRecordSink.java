package io.sipcluster.dialog;

/** Where call detail records go (a CSV file, an SQL table); called off the SIP path, may block briefly. */
public interface CallRecordSink extends AutoCloseable {
    void write(CallRecord record);

    @Override
    default void close() {}

    CallRecordSink NONE = r -> {};
}
