/** Engine internals shared with the otp4j testkit through a qualified export; not an API. */
package org.otp4j.internal;
