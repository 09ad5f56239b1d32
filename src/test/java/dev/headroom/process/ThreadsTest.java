package dev.headroom.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThreadsTest {

    @Test
    void tasksThatNeverOverlapRunOnOneThread() throws Exception {
        ExecutorService pool = Threads.elasticPool("solo", 8, Duration.ofSeconds(30));
        try {
            Set<String> names = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 20; i++) {
                pool.submit(() -> names.add(Thread.currentThread().getName())).get();
                awaitIdle(pool);
            }
            assertThat(names).containsExactly("solo-1");
            assertThat(((ThreadPoolExecutor) pool).getLargestPoolSize()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void busyThreadsGrowThePoolToItsMaximumAndTheRestWaitInOrder() throws Exception {
        ExecutorService pool = Threads.elasticPool("busy", 3, Duration.ofSeconds(30));
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(3);
            List<Integer> order = new CopyOnWriteArrayList<>();
            Set<String> names = ConcurrentHashMap.newKeySet();
            List<Future<?>> all = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.add(pool.submit(() -> {
                    names.add(Thread.currentThread().getName());
                    running.countDown();
                    release.await();
                    return null;
                }));
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).as("three tasks running at once").isTrue();
            for (int i = 0; i < 5; i++) {
                int n = i;
                all.add(pool.submit(() -> order.add(n)));
            }
            assertThat(((ThreadPoolExecutor) pool).getQueue()).hasSize(5);
            release.countDown();
            for (Future<?> f : all) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(names).containsExactlyInAnyOrder("busy-1", "busy-2", "busy-3");
            assertThat(((ThreadPoolExecutor) pool).getLargestPoolSize()).isEqualTo(3);
            assertThat(order).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threadsBeyondTheFirstEndAfterTheirIdleTime() throws Exception {
        ExecutorService pool = Threads.elasticPool("brief", 4, Duration.ofMillis(50));
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch running = new CountDownLatch(3);
            List<Future<?>> all = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.add(pool.submit(() -> {
                    running.countDown();
                    release.await();
                    return null;
                }));
            }
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(((ThreadPoolExecutor) pool).getPoolSize()).isEqualTo(3);
            release.countDown();
            for (Future<?> f : all) {
                f.get(10, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (((ThreadPoolExecutor) pool).getPoolSize() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(((ThreadPoolExecutor) pool).getPoolSize()).isEqualTo(1);
            Thread.sleep(200); // four idle times more: the first thread stays
            assertThat(((ThreadPoolExecutor) pool).getPoolSize()).isEqualTo(1);
            assertThat(pool.submit(() -> 42).get()).isEqualTo(42);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShutDownPoolRefusesWork() {
        ExecutorService pool = Threads.elasticPool("done", 2, Duration.ofSeconds(30));
        pool.shutdown();
        assertThatThrownBy(() -> pool.submit(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    /** Waits until the pool's thread is back waiting for work, as it is when a monitor's next run comes. */
    private static void awaitIdle(ExecutorService pool) throws InterruptedException {
        LinkedTransferQueue<Runnable> queue = (LinkedTransferQueue<Runnable>) ((ThreadPoolExecutor) pool).getQueue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!queue.hasWaitingConsumer() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
