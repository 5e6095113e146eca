package io.sipcluster.dialog.cdr;

import io.sipcluster.dialog.CallRecord;
import java.util.List;

/** Writes a batch of records durably, or throws; the batch is then offered again. */
public interface BatchWriter extends AutoCloseable {
    void write(List<CallRecord> batch) throws Exception;

    @Override
    default void close() {}
}
