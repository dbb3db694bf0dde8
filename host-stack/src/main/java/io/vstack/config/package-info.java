/**
 * The daemon's YAML configuration, read through snakeyaml-engine's node API so every error names
 * {@code file:line:column} and the path of the value ({@code rules.uplink[2]}).
 */
package io.vstack.config;
