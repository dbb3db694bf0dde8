/**
 * Elastic scaling: a controller samples how busy each lane is and, with hysteresis, wakes a parked
 * lane under load or parks one when all are idle. The lanes move indirection-table entries
 * themselves (see {@code io.vstack.lane.Dispatcher} for the drain-then-switch protocol).
 */
package io.vstack.scaling;
