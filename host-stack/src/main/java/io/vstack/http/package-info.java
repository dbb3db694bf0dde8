/**
 * A small HTTP/1.1 file server and download client running on a {@link io.vstack.tcp.TcpEngine},
 * polled from the owner's duty cycle (samples, interop tests, the demo). One request per connection
 * ({@code Connection: close}); the body streams through preallocated buffers.
 */
package io.vstack.http;
