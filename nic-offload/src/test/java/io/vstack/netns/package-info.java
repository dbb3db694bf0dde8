/**
 * Test kit for interop tests against Linux (published in nic-offload's test-jar): {@link
 * io.vstack.netns.NetworkNamespace} (a throw-away namespace), {@link io.vstack.netns.Commands}
 * (bounded external commands that fail with their stderr) and {@link io.vstack.netns.RequiredTool}
 * (a missing tool fails the test naming its Debian package).
 */
package io.vstack.netns;
