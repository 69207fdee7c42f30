package org.otp4j;

/** A message sent to an {@link Alias}: received only while the alias is active. */
final class AliasMessage extends Message {
    final Ref alias;

    AliasMessage(Object payload, Ref alias) {
        super(payload);
        this.alias = alias;
    }
}
