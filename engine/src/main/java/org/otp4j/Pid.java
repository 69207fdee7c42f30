package org.otp4j;

/**
 * A process identifier: printable, comparable, unique within its {@link Node} and never reused.
 *
 * <p>A pid names one process incarnation for ever; a restarted process gets a new pid. Pids print
 * as {@code <node.serial>} (for example {@code <1.42>}), where {@code node} numbers the node within
 * this JVM and {@code serial} counts the node's processes from 1. Serial 0 names the host: signals
 * sent from outside any process (from the embedding application's threads) carry the node's host pid
 * as their sender.
 *
 * <p>Pids are values: equality is by node and serial, and they may be stored, sent in messages and
 * compared freely. Holding a pid does not keep a dead process's mailbox alive.
 */
public final class Pid implements Comparable<Pid> {
    private final int node; // the LocalNode#id of the node that created the process
    private final long serial; // 0 for the host pseudo-process, else 1, 2, ... per node
    final ProcessCell cell; // the process, for direct delivery; null for the host pid

    Pid(int node, long serial, ProcessCell cell) {
        this.node = node;
        this.serial = serial;
        this.cell = cell;
    }

    /** {@return the number of the node that created this process, unique within the JVM} */
    public int node() {
        return node;
    }

    /** {@return the process's serial number within its node; 0 for the node's host pid} */
    public long serial() {
        return serial;
    }

    @Override
    public int compareTo(Pid other) {
        int byNode = Integer.compare(node, other.node);
        return byNode != 0 ? byNode : Long.compare(serial, other.serial);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pid p && p.node == node && p.serial == serial;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(serial * 31 + node);
    }

    @Override
    public String toString() {
        return "<" + node + "." + serial + ">";
    }
}
