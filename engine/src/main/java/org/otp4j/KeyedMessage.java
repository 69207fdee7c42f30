package org.otp4j;

/** The message of a keyed timer: received only while its run is still the key's current one. */
final class KeyedMessage extends Message {
    final Object key;
    final Object token; // the key's timer that sent it; stale once the key maps to another one
    final long arm; // the run that sent it; stale once the timer is armed again

    KeyedMessage(Object payload, Object key, Object token, long arm) {
        super(payload);
        this.key = key;
        this.token = token;
        this.arm = arm;
    }
}
