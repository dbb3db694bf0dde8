/**
 * DOCA Flow (NVIDIA BlueField/ConnectX steering SDK) through FFM, loaded at run time only where the
 * DOCA libraries are installed. Bindings follow /work/shared/docs/DOCA-NOTES.md (DOCA 3.3
 * setter-style API); nothing here has run on DOCA hardware yet, see {@link
 * io.vstack.doca.DocaFlowApi} for what is verified and what is not.
 */
package io.vstack.doca;
