/** Pinning threads to CPUs ({@code sched_setaffinity} through FFM) and reading CPU lists. */
package io.vstack.affinity;
