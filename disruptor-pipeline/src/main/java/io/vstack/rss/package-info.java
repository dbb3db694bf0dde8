/**
 * Receive-side scaling in software: a seeded hash of (tenant, 4-tuple) picks an entry of an
 * indirection table, and the entry names the lane that owns the flow. The table has the shape of a
 * NIC's RSS "reta", so a DPDK port can later be given the same table.
 */
package io.vstack.rss;
