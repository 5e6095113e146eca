package io.sipcluster.provisioning.sql;

/** The result of {@link SqlProvisioning#reload()}: the table in force afterwards, and how it got there. */
public sealed interface ReloadOutcome {
    /** The table in force: the new one, or the last good one if the reload failed. */
    TableSnapshot snapshot();

    /** The table was read and accepted; {@code diff} says what changed. */
    record Reloaded(TableSnapshot snapshot, TableDiff diff) implements ReloadOutcome {
    }

    /**
     * The reload failed (the database is down, or the new rows give this node no valid setup); the last good table
     * stays in force, as in OpenSIPS, and nothing in the running cluster changes.
     */
    record KeptLastGood(TableSnapshot snapshot, ProvisioningException error) implements ReloadOutcome {
    }
}
