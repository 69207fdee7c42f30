package org.otp4j.supervisor;

/**
 * What {@link Supervisor#countChildren} reports: OTP's {@code count_children}.
 *
 * @param specs the child specs the supervisor holds (running or not)
 * @param active the children with a running process
 * @param supervisors the specs of type {@link ChildType#SUPERVISOR}
 * @param workers the specs of type {@link ChildType#WORKER}
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {}
