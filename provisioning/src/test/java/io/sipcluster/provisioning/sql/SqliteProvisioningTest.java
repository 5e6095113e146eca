package io.sipcluster.provisioning.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an SQLite file, the embedded default. */
class SqliteProvisioningTest extends SqlProvisioningContract {
    SqliteProvisioningTest(@TempDir Path dir) {
        super(new TestDatabase.Sqlite(dir));
    }
}
