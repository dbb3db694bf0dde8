/**
 * Bindings to the C library through java.lang.foreign (FFM): the few system calls that ports and
 * lanes need ({@code open}, {@code read}, {@code write}, {@code ioctl}, {@code close}, ...), with
 * {@code errno} captured per call so failures can be reported by name without JNI.
 */
package io.vstack.libc;
