/**
 * MI commands and the registry that finds and runs them, independent of how a request arrived (HTTP JSON-RPC, or an
 * MI_CMD from another node). Commands follow OpenSIPS's model: a full name {@code module:name}, old-style aliases,
 * and one or more parameter lists ("recipes"); the parameters a caller sends choose the recipe.
 */
package io.sipcluster.mgmt.command;
