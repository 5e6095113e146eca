package io.sipcluster.app.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sipcluster.wire.BinCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sipcluster bin encode FILE.json}: the bytes of the packets a JSON file describes. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Write the BIN packet(s) described by a JSON file to standard output.",
                "The JSON is what 'bin decode' prints: one object, an array of them, or one object per line."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:written", "1:the JSON does not describe a valid packet (nothing written)",
                "2:unreadable input or unwritable output"})
public final class BinEncodeCommand implements Callable<Integer> {
    /** Reading a larger description is a mistake, not a packet: 64 KiB packets print to a few hundred KiB. */
    private static final int MAX_INPUT_BYTES = 64 << 20;

    @Parameters(index = "0", paramLabel = "FILE.json", description = "The JSON file, or - for standard input.")
    String file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        byte[] input;
        try {
            input = read();
        } catch (IOException e) {
            spec.commandLine().getErr().println(file + ": " + e.getMessage());
            return 2;
        }
        ByteArrayOutputStream packets = new ByteArrayOutputStream();
        try {
            int index = 0;
            for (JsonNode packet : JsonInput.objects(new ObjectMapper(), input)) {
                try {
                    packets.writeBytes(BinCodec.encode(PacketJson.fromJson(packet)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("packet " + index + ": " + e.getMessage(), e);
                }
                index++;
            }
        } catch (JsonProcessingException e) {
            spec.commandLine().getErr().println(file + ": not JSON: " + e.getOriginalMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(file + ": " + e.getMessage());
            return 1;
        }
        try {
            if (output != null) {
                Files.write(output, packets.toByteArray());
            } else {
                System.out.write(packets.toByteArray());
                System.out.flush();
            }
        } catch (IOException e) {
            spec.commandLine().getErr().println((output != null ? output : "standard output") + ": " + e.getMessage());
            return 2;
        }
        return 0;
    }

    private byte[] read() throws IOException {
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            byte[] data = in.readNBytes(MAX_INPUT_BYTES + 1);
            if (data.length > MAX_INPUT_BYTES) {
                throw new IOException("larger than " + (MAX_INPUT_BYTES >> 20) + " MiB");
            }
            return data;
        }
    }
}
