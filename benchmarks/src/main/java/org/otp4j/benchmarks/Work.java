package org.otp4j.benchmarks;

/**
 * The one message a fork-join child receives.
 *
 * @param seq the child's number within its batch
 */
public record Work(int seq) {}
