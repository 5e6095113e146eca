package io.sipcluster.provisioning.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DialectTest {
    @Test
    void theDialectFollowsTheUrl() {
        assertThat(Dialect.of("jdbc:sqlite:/var/lib/sipcluster/sipcluster.db")).isEqualTo(Dialect.SQLITE);
        assertThat(Dialect.of("jdbc:mariadb://db:3306/opensips")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.of("jdbc:mysql://db:3306/opensips")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.of("jdbc:postgresql://db/opensips")).isEqualTo(Dialect.POSTGRESQL);
        assertThatThrownBy(() -> Dialect.of("jdbc:oracle:thin:@db")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectTimeoutsReachTheDriversInTheirOwnUnits() {
        assertThat(Dialect.MARIADB.driverProperties("jdbc:mariadb://db/x", Duration.ofMillis(1500)))
                .containsEntry("connectTimeout", "1500").doesNotContainKey("permitMysqlScheme");
        assertThat(Dialect.MARIADB.driverProperties("jdbc:mysql://db/x", Duration.ofSeconds(2)))
                .containsEntry("permitMysqlScheme", "true");
        assertThat(Dialect.POSTGRESQL.driverProperties("jdbc:postgresql://db/x", Duration.ofMillis(1500)))
                .containsEntry("connectTimeout", "2").containsEntry("loginTimeout", "2");
    }

    @Test
    void passwordsInJdbcUrlsAreNotRepeatedInErrors() {
        assertThat(SqlProvisioning.redacted("jdbc:mariadb://db/x?user=a&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:mariadb://db/x?user=a&password=***&ssl=true");
    }
}
