package org.otp4j;

/**
 * A unique reference, Erlang's {@code make_ref()}: names a monitor, a timer or a request.
 *
 * <p>References are unique within their node and never reused; equality is by node and serial.
 * They print as {@code #Ref<node.serial>}.
 */
public final class Ref {
    private final int node;
    private final long serial;

    Ref(int node, long serial) {
        this.node = node;
        this.serial = serial;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ref r && r.node == node && r.serial == serial;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(serial * 31 + node);
    }

    @Override
    public String toString() {
        return "#Ref<" + node + "." + serial + ">";
    }
}
