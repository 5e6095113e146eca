package io.sipcluster.app.inspect;

import picocli.CommandLine.Command;

/** {@code sipcluster bin ...}: look inside BIN traffic. */
@Command(name = "bin", mixinStandardHelpOptions = true,
        description = "Decode and encode OpenSIPS BIN packets (for debugging a cluster).",
        subcommands = {BinDecodeCommand.class, BinEncodeCommand.class})
public final class BinCommand {}
