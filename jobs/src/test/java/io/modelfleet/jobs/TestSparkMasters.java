package io.modelfleet.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.ModelfleetException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Masters a command cannot use are refused before Spark starts, naming the URL and what is wrong. */
class TestSparkMasters {
    @Test
    void clusterManagersThatNeedSparkSubmitAreRefusedWithTheWayThatWorks() {
        for (String master : new String[] {"yarn", "k8s://https://kubernetes:6443", "mesos://m:5050"}) {
            assertThatThrownBy(() -> SparkSessions.create(master, "test"))
                    .isInstanceOf(ModelfleetException.class)
                    .hasMessage("Cannot run on the Spark master '" + master + "' from the command line")
                    .satisfies(e ->
                            assertThat(((ModelfleetException) e).hint()).contains("spark-submit", "docs/cluster.md"));
        }
    }

    @Test
    void aStandaloneMasterThatDoesNotListenIsNamedAtOnce() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String master = "spark://127.0.0.1:" + closed;
        assertThatThrownBy(() -> SparkSessions.create(master, "test"))
                .isInstanceOf(ModelfleetException.class)
                .hasMessage("Cannot reach the Spark master " + master + ": 127.0.0.1:" + closed
                        + " refused the connection (nothing listens there)");
    }

    @Test
    void aMalformedStandaloneUrlSaysWhichPart() {
        for (String hostPort : new String[] {"", "host:abc", ":7077", "host:70777"}) {
            assertThatThrownBy(() -> SparkSessions.create("spark://" + hostPort, "test"))
                    .isInstanceOf(ModelfleetException.class)
                    .hasMessageEndingWith(": '" + hostPort + "' is not host:port");
        }
    }
}
