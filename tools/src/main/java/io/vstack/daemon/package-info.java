/**
 * {@code vstack daemon}: owns the ports' flow rules, keeps them as desired state across restarts
 * and serves the control socket that {@code vstack flow ...} talks to.
 */
package io.vstack.daemon;
