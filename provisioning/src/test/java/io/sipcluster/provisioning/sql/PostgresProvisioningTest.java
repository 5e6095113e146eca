package io.sipcluster.provisioning.sql;

/** The contract on the local PostgreSQL server (127.0.0.1:5432, trust, database test). */
class PostgresProvisioningTest extends ServerProvisioningContract {
    PostgresProvisioningTest() {
        super(new TestDatabase.Postgres());
    }
}
