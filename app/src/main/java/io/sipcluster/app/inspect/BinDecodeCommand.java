package io.sipcluster.app.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sipcluster bin decode FILE...}: every BIN packet in the files, as JSON. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Print each BIN packet in the files as JSON.",
                "A file holds packets back to back (as written by 'bin encode') or is a pcap capture of BIN TCP"
                        + " traffic (both directions of every connection are reassembled)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every packet decoded", "1:some input was malformed (see standard error)",
                "2:bad usage or unreadable file"})
public final class BinDecodeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to decode.")
    List<Path> files;

    @Option(names = "--compact", description = "One JSON object per line instead of pretty-printed.")
    boolean compact;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectWriter writer = compact ? mapper.writer() : mapper.writerWithDefaultPrettyPrinter();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean malformed = false;
        for (Path file : files) {
            List<DecodedItem> items;
            try {
                items = PacketSources.read(file, Files.readAllBytes(file));
            } catch (IOException e) {
                err.println(file + ": " + e.getMessage());
                return 2;
            }
            for (DecodedItem item : items) {
                if (item.error() != null) {
                    malformed = true;
                    err.println(item.location() + ": " + item.error());
                    continue;
                }
                ObjectNode json = PacketJson.toJson(item.message(), item.length());
                json.set("source", item.sourceJson());
                try {
                    out.println(writer.writeValueAsString(json));
                } catch (IOException e) {
                    throw new IllegalStateException(e); // a tree we built always serialises
                }
            }
        }
        out.flush();
        return malformed ? 1 : 0;
    }
}
