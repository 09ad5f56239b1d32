/**
 * The bottom floor for child processes and Headroom's own threads: it imports nothing of
 * Headroom's, and every package that starts a process or a background thread may use it.
 *
 * <ul>
 *   <li>{@link dev.headroom.process.ProcessTree}: kills a child with everything it started (its
 *       process group when it has one) and waits until they are gone; the failover drill's commands
 *       and the load test's Gatling injector both end this way; {@code stop} ends one server
 *       politely (SIGTERM first), as the failover demo's HAProxy.
 * </ul>
 */
package dev.headroom.process;
