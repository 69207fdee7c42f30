package org.otp4j;

/** An ordinary message. */
class Message extends Signal {
    final Object payload;

    Message(Object payload) {
        this.payload = payload;
    }

    @Override
    public String toString() {
        return String.valueOf(payload);
    }
}
