package io.sipcluster.provisioning.sql;

/** The contract on the local MariaDB server (127.0.0.1:3306, root, database test). */
class MariaDbProvisioningTest extends ServerProvisioningContract {
    MariaDbProvisioningTest() {
        super(new TestDatabase.MariaDb());
    }
}
