/**
 * Wire formats as checked flyweight views over off-heap buffers plus detached {@code *Repr} records
 * that parse from and emit into them (the smoltcp pattern). A view's {@code wrap} returns a {@link
 * io.vstack.wire.WireError} instead of throwing and never reads outside its buffer.
 */
package io.vstack.wire;
