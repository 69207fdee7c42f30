/**
 * Introspection and control of running behaviours, OTP's {@code sys}: {@link org.otp4j.sys.Sys}.
 *
 * {@snippet :
 * Sys.suspend(self, server);                 // only system requests are handled now
 * GenServer.cast(self, server, "inc");       // waits, in order
 * Object before = Sys.getState(self, server);
 * Sys.replaceState(self, server, n -> (Integer) n + 10);
 * Sys.resume(self, server);                  // the waiting cast runs now
 * }
 */
package org.otp4j.sys;
