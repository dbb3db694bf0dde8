/**
 * The virtual switch of one host: tenant-to-tenant traffic on the same host is delivered directly,
 * without encapsulation and without the wire; traffic between different tenants is impossible
 * unless both list each other as peers (default: isolated).
 *
 * <pre>
 *  tenant A emits to vIP d ─► VirtualSwitch.route(A, d)
 *        │ (A, d) in the VTEP table, local ──────► A      ┐
 *        │ (A, d) in the VTEP table, remote ─────► REMOTE │ (the overlay)
 *        │ a peer P of A owns d on this host ────► P      ├─► LocalRing.claim(slot) ... commit
 *        │ another tenant owns d ────────────────► ISOLATED (dropped, counted)
 *        └ nobody ───────────────────────────────► NO_ROUTE
 *
 *  flush(): LocalRing.drain ─► receiving tenant's TCP; its answers go to the other half of the
 *           ring and wait for the next drain (no engine ever calls into another engine)
 * </pre>
 */
package io.vstack.vswitch;
