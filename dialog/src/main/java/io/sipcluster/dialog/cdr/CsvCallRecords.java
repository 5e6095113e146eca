package io.sipcluster.dialog.cdr;

import io.sipcluster.dialog.CallRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * CDRs appended to a CSV file (RFC 4180 quoting), one line per call, with a header line when the file is new.
 * Each batch is flushed and forced to disk before it counts as written.
 */
public final class CsvCallRecords implements BatchWriter {
    static final String HEADER =
            "call_id,caller_tag,callee_tag,caller,callee,start,answer,end,duration,end_reason,node";

    private final Path file;

    CsvCallRecords(Path file) throws IOException {
        this.file = file;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (!Files.exists(file) || Files.size(file) == 0) {
            Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    public static AsyncCallRecords open(Path file) throws IOException {
        return new AsyncCallRecords(new CsvCallRecords(file), 1 << 20, "cdr-csv");
    }

    @Override
    public void write(List<CallRecord> batch) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
             BufferedWriter w = new BufferedWriter(
                     java.nio.channels.Channels.newWriter(channel, StandardCharsets.UTF_8))) {
            for (CallRecord r : batch) {
                w.write(line(r));
                w.write('\n');
            }
            w.flush();
            channel.force(false);
        }
    }

    static String line(CallRecord r) {
        return String.join(",", quote(r.callId()), quote(r.callerTag()), quote(r.calleeTag()), quote(r.caller()),
                quote(r.callee()), time(r.startMillis()), time(r.answerMillis()), time(r.endMillis()),
                Long.toString(r.durationSeconds()), r.endReason(), Integer.toString(r.nodeId()));
    }

    private static String time(long millis) {
        return millis <= 0 ? "" : Instant.ofEpochMilli(millis).toString();
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
