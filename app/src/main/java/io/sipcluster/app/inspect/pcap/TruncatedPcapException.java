package io.sipcluster.app.inspect.pcap;

/**
 * The file ends in the middle of a record, as it does when the capturing process was killed. The records before
 * it are intact; {@link PcapReader} keeps them and reports the truncation in {@link PcapSummary#truncation()}.
 */
final class TruncatedPcapException extends PcapFormatException {
    TruncatedPcapException(String message) {
        super(message);
    }
}
