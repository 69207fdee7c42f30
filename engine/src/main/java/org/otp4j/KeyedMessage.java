package org.otp4j;

/** The message of a keyed timer: received only while its timer is still the key's current one. */
final class KeyedMessage extends Message {
    final Object key;
    final Object token; // the KeyedTimer that sent it; stale once the key maps to another token

    KeyedMessage(Object payload, Object key, Object token) {
        super(payload);
        this.key = key;
        this.token = token;
    }
}
