package io.sipcluster.runtime.transport;

import io.sipcluster.core.config.BinUrl;
import io.sipcluster.runtime.TrafficClass;
import io.sipcluster.wire.Str;

/**
 * Which outgoing connection a packet takes: its destination url, its traffic class and, for {@code bins:}, the
 * cluster whose certificate the connection presents (0 for plain TCP).
 */
record DestinationKey(Str url, BinUrl binUrl, TrafficClass trafficClass, int tlsCluster) {
}
