/**
 * Congestion controllers behind one interface, {@link io.vstack.tcp.cc.CongestionControl}: the
 * engine detects congestion events, a controller decides the window. {@link
 * io.vstack.tcp.cc.NewReno} (RFC 5681/6582), {@link io.vstack.tcp.cc.Cubic} (RFC 9438) and {@link
 * io.vstack.tcp.cc.Dctcp} (RFC 8257), chosen by {@link
 * io.vstack.tcp.cc.CongestionControlAlgorithm}.
 */
package io.vstack.tcp.cc;
