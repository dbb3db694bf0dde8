/**
 * The daemon's YAML configuration ({@code vstack.yaml}, schema in docs/CONFIG.md): {@link
 * io.vstack.config.VstackConfig} reads it section by section ({@link
 * io.vstack.config.ConfigSection}, one class per top-level key: host, tenants, vteps, ports,
 * rules); {@link io.vstack.config.ConfigNode} keeps each value's file, line, column and path so
 * every {@link io.vstack.config.ConfigException} is one positioned line.
 */
package io.vstack.config;
