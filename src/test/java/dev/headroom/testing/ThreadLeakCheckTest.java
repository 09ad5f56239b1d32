package dev.headroom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadLeakCheckTest {
    @Test
    void aNonDaemonThreadStartedSinceTheSnapshotAndStillRunningIsALeak() throws InterruptedException {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        CountDownLatch stop = new CountDownLatch(1);
        Thread worker = new Thread(() -> awaitQuietly(stop), "forgotten-worker");
        Thread daemon = new Thread(() -> awaitQuietly(stop), "background-daemon");
        daemon.setDaemon(true);
        worker.start();
        daemon.start();
        try {
            assertThat(ThreadLeakCheck.leaked(before)).extracting(Thread::getName).containsExactly("forgotten-worker");
        } finally {
            stop.countDown();
            worker.join();
            daemon.join();
        }
        assertThat(ThreadLeakCheck.leaked(before)).isEmpty();
    }

    @Test
    void threadsAliveAtTheSnapshotAreNotBlamedOnTheClass() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread earlier = new Thread(() -> awaitQuietly(stop), "started-by-an-earlier-class");
        earlier.start();
        try {
            assertThat(ThreadLeakCheck.leaked(Set.copyOf(Thread.getAllStackTraces().keySet()))).isEmpty();
        } finally {
            stop.countDown();
            earlier.join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
