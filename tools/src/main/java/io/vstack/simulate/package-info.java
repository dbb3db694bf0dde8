/**
 * Offline flow-rule simulation: a rule set run by the software matcher over a capture file, with
 * per-rule hit counts and the rule each flow hit first ({@code vstack flow simulate}).
 */
package io.vstack.simulate;
