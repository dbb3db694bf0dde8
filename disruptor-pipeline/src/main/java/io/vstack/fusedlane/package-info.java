/**
 * The fused fast path ({@link io.vstack.fastpath.FusedFastPath}) running in lanes: the lane handler
 * adapter and the dispatcher's flow key of overlay frames.
 */
package io.vstack.fusedlane;
