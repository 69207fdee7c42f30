/**
 * The determinism seam: the two service-provider interfaces through which the engine orders events and
 * reads time.
 *
 * <p>Every ordering decision of the kernel (which process runs, when a sent signal is delivered, when a
 * blocked receive wakes) goes through {@link org.otp4j.spi.Scheduler}, and every read of time and every
 * timer through {@link org.otp4j.spi.Clock}. No other engine code creates threads, sleeps, reads the
 * system clock or draws random numbers; a forbidden-API check in the build keeps it so. The production
 * implementations run processes on virtual threads with the system clock; the testkit's run one process
 * step at a time under a seed, with virtual time.
 */
package org.otp4j.spi;
