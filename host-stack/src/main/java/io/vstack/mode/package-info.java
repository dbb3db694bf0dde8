/**
 * The same stack components assembled three ways for measurement ({@link
 * io.vstack.mode.StackMode}): fused (one pass per packet), layered (a classic VM stack behind a
 * virtual switch and an overlay endpoint, each stage with its own queue and copy) and unvirtualized
 * (TCP straight on the port, no overlay, no tenant checks); and a streaming workload that drives
 * two hosts of one mode over an in-process wire ({@link io.vstack.mode.StreamWorkload}).
 */
package io.vstack.mode;
