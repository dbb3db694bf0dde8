/**
 * The control protocol between {@code vstack} commands and the daemon: one JSON object per line
 * over a Unix domain socket ({@link io.vstack.control.ControlProtocol}), a strict small JSON reader
 * and writer ({@link io.vstack.control.Json}) and the client side ({@link
 * io.vstack.control.ControlClient}).
 */
package io.vstack.control;
