package org.otp4j.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the few engine classes allowed to use the APIs the determinism seam forbids (threads, the
 * system clock, parking): the production implementations of {@link org.otp4j.spi.Scheduler} and
 * {@link org.otp4j.spi.Clock}, and the testkit's controlled ones. The build's forbidden-API check
 * honours it.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR})
public @interface SuppressForbidden {}
